package kb.users.tickets;

/** A ticket citing one lesson of a case: what a case page lists under "cited by". */
public record Citation(String ticketKey, String ticketTitle, TicketStatus status, String lessonId) {}
