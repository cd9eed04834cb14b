package kb.model;

import java.util.List;
import java.util.Map;

/**
 * A case as written in the corpus. {@code declaredTrigger} is null when the file leaves the trigger
 * to the tagger; {@code sections} maps the Japanese section name to its Markdown, in display order.
 */
public record Case(
        String id,
        String title,
        CaseDate date,
        String industry,
        String organization,
        Trigger declaredTrigger,
        List<String> patterns,
        List<String> systems,
        List<Source> sources,
        Map<String, String> sections,
        List<Lesson> lessons,
        String path) {

    /** Everything a reader or classifier would read of the case, as plain text. */
    public String fullText() {
        StringBuilder text = new StringBuilder(title).append('\n');
        sections.forEach((name, body) -> text.append(body).append('\n'));
        return text.toString();
    }
}
