package kb.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kb.model.Case;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Section;

/**
 * The texts of a case as the index reads them: the title, the body (its sections as plain text, then its lessons
 * as plain sentences, without list marks or theme tags) and the meta (its labels, as words).
 */
public record CaseText(String title, String body, String meta) {

    public static CaseText of(CaseRecord c) {
        return new CaseText(c.title(), body(c.sections(), c.lessons()),
                meta(c.organization(), c.industry(), c.patterns(), c.systems(), c.lessons()));
    }

    public static CaseText of(Case c) {
        return new CaseText(c.title(), body(c.sections(), c.lessons()),
                meta(c.organization(), c.industry(), c.patterns(), c.systems(), c.lessons()));
    }

    /**
     * Where each lesson stands in {@code body} (the body of the case whose lessons they are), as {@code [start,
     * end)}: the lessons end the body, one to a line.
     */
    public static List<int[]> lessonSpans(String body, List<Lesson> lessons) {
        int[][] spans = new int[lessons.size()][];
        int end = body.length();
        for (int i = lessons.size() - 1; i >= 0; i--) {
            int start = Math.max(0, end - lessons.get(i).text().length());
            spans[i] = new int[] {start, end};
            end = start - 1;
        }
        return List.of(spans);
    }

    private static String body(Map<String, String> sections, List<Lesson> lessons) {
        List<String> parts = new ArrayList<>();
        sections.forEach((name, md) -> {
            if (!name.equals(Section.LESSONS.ja())) {
                parts.add(PlainText.of(md));
            }
        });
        lessons.forEach(l -> parts.add(l.text()));
        return String.join("\n", parts);
    }

    private static String meta(String organization, String industry, List<String> patterns, List<String> systems,
                               List<Lesson> lessons) {
        List<String> meta = new ArrayList<>();
        if (organization != null) {
            meta.add(organization);
        }
        meta.add(industry);
        meta.addAll(patterns);
        meta.addAll(systems);
        lessons.stream().map(Lesson::theme).filter(t -> t != null).distinct().forEach(meta::add);
        return String.join("\n", meta);
    }
}
