package kb.users.tickets;

import java.time.Instant;
import java.util.List;

/** A change ticket and the lessons attached to it, in the order they were attached. */
public record Ticket(String key, String title, String system, String trackerUrl, TicketStatus status,
                     String createdBy, Instant createdAt, Instant updatedAt, List<Attachment> attachments) {}
