package kb.users.tickets;

import java.time.Instant;
import java.util.List;
import kb.users.check.SavedCheck;

/**
 * A change ticket and the lessons attached to it, in the order they were attached; {@code checks} are the
 * saved pre-change checks they were chosen from (the change's own description, kept with the ticket).
 */
public record Ticket(String key, String title, String system, String trackerUrl, TicketStatus status,
                     String createdBy, Instant createdAt, Instant updatedAt, List<Attachment> attachments,
                     List<SavedCheck> checks) {}
