package kb.users.tickets;

/** What a reviewer writes about a change ticket; {@code trackerUrl} may be null or empty. */
public record TicketDraft(String title, String system, String trackerUrl) {}
