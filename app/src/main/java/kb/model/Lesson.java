package kb.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One lesson learned: a bullet under 教訓, id {@code <case-id>#L<n>}, optionally tagged with a theme. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lesson(String id, String text, String theme) {
    public String caseId() { return id.substring(0, id.indexOf('#')); }
}
