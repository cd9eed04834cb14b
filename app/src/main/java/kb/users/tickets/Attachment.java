package kb.users.tickets;

import java.time.Instant;

/**
 * A lesson attached to a ticket. {@code caseTitle} and {@code lessonText} are snapshots taken when it
 * was attached, so the ticket reads the same after the corpus changes; {@code removedFromCasebook} is
 * true when the lesson id no longer resolves in the live knowledge base; {@code checkId} is the saved
 * pre-change check it was chosen from, null when it was attached from elsewhere.
 */
public record Attachment(String lessonId, String caseId, String caseTitle, String lessonText, String note,
                         String attachedBy, Instant attachedAt, boolean removedFromCasebook, Long checkId) {}
