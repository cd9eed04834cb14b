package kb.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One lesson learned: a bullet under 教訓, id {@code <case-id>#L<n>}, optionally tagged with a theme. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lesson(String id, String text, String theme) {
    public String caseId() { return id.substring(0, id.indexOf('#')); }

    /** How pages and exports name a lesson: {@code <case-id>#L2} → 「教訓 2」, as its case page numbers it. */
    public static String label(String lessonId) { return "教訓 " + lessonId.substring(lessonId.lastIndexOf("#L") + 2); }
}
