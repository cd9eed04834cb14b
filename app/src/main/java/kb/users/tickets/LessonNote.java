package kb.users.tickets;

/** A lesson to attach ({@code <case-id>#L<n>}) and the reviewer's note on it (empty or null for none). */
public record LessonNote(String lessonId, String note) {}
