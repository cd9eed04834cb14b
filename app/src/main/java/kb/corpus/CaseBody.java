package kb.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kb.corpus.CaseParser.WarningSink;
import kb.model.Lesson;
import kb.model.Section;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * A case file's Markdown body, read with commonmark — the parser the web renders it with — so the sections
 * and lessons are what a reader sees: a {@code ## } line inside a code fence is code, and a nested list stays
 * inside its lesson. The sections keep their Markdown as written; line numbers come from the source spans.
 *
 * @param sections the Japanese section name → its Markdown, in {@link Section} order
 */
record CaseBody(Map<String, String> sections, List<Lesson> lessons) {
    private static final Parser MARKDOWN = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    private static final Pattern THEMED = Pattern.compile("^\\[([^\\]]+)]\\s*(.*)$", Pattern.DOTALL);

    /**
     * @param fileLines the whole file, split into lines
     * @param start     the index of the body's first line (after the front matter)
     */
    static CaseBody parse(String caseId, List<String> fileLines, int start, Set<String> themes, WarningSink warn)
            throws CaseFileException {
        Reader reader = new Reader(fileLines.subList(start, fileLines.size()), start, warn);
        reader.read();
        Map<String, String> sections = new LinkedHashMap<>();
        for (Section section : Section.values()) {
            if (reader.texts.containsKey(section)) {
                sections.put(section.ja(), reader.texts.get(section).toString().strip());
            } else if (section != Section.LESSONS) {
                warn.warn(0, "no section '## " + section.ja() + "'");
            }
        }
        List<Lesson> lessons = new ArrayList<>();
        for (ListBlock list : reader.lessonLists) {
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                lessons.add(lesson(caseId, lessons.size() + 1, reader.itemText((ListItem) item),
                        reader.fileLine(firstLine(item)), themes, warn));
            }
        }
        return new CaseBody(sections, List.copyOf(lessons));
    }

    /** One pass over the top-level blocks: level-2 headings start sections, lists under 教訓 are lessons. */
    private static final class Reader {
        final List<String> lines;
        final int offset;
        final WarningSink warn;
        final Map<Section, StringBuilder> texts = new LinkedHashMap<>();
        final Map<Section, Integer> headingLines = new LinkedHashMap<>();
        final List<ListBlock> lessonLists = new ArrayList<>();
        /** Text before the first known heading: read as 概要. */
        final StringBuilder preamble = new StringBuilder();
        Section current;

        Reader(List<String> lines, int offset, WarningSink warn) {
            this.lines = lines;
            this.offset = offset;
            this.warn = warn;
        }

        void read() {
            Node doc = MARKDOWN.parse(String.join("\n", lines));
            int copied = 0; // lines before this one are in a section already
            int firstHeading = -1;
            for (Node block = doc.getFirstChild(); block != null; block = block.getNext()) {
                if (!(block instanceof Heading heading) || heading.getLevel() != 2) {
                    if (current == Section.LESSONS && block instanceof ListBlock list) {
                        lessonLists.add(list);
                    }
                    continue;
                }
                int first = firstLine(heading);
                firstHeading = firstHeading < 0 ? first : firstHeading;
                copy(copied, first);
                copied = lastLine(heading) + 1;
                heading(text(heading), fileLine(first));
            }
            copy(copied, lines.size());
            int preambleEnd = firstHeading < 0 ? lines.size() : firstHeading;
            for (int i = 0; i < preambleEnd; i++) {
                if (!lines.get(i).isBlank()) {
                    // A report that starts without a heading (or has none) still says what happened.
                    warn.warn(fileLine(i), "text before the first section heading is read as '## 概要'");
                    break;
                }
            }
            if (!preamble.toString().isBlank()) {
                StringBuilder summary = texts.get(Section.SUMMARY);
                texts.put(Section.SUMMARY, summary == null ? preamble : preamble.append('\n').append(summary));
            }
        }

        /**
         * A known heading starts its section, or continues it when given twice (概要 and 経緯 are the same
         * section). Another organisation's own heading (時系列, 今後の対応 …) does not reject the report: it
         * and its text stay in the section before it, the heading as a bold line.
         */
        private void heading(String name, int line) {
            Optional<Section> known = Section.fromHeading(name);
            if (known.isEmpty()) {
                warn.warn(line, "unknown section heading '" + name + "': kept with its text in '## "
                        + (current == null ? Section.SUMMARY : current).ja() + "' (known sections: 概要, 原因, 影響, 対応, 教訓;"
                        + " docs/corpus-format.md lists the other names they may have)");
                target().append("\n**").append(name).append("**\n\n");
                return;
            }
            Section section = known.get();
            current = section;
            if (texts.containsKey(section)) {
                warn.warn(line, "section '" + section.ja() + "' appears again (first at line " + headingLines.get(section)
                        + "): its text is added to the first");
                target().append("\n**").append(name).append("**\n\n");
            } else {
                texts.put(section, new StringBuilder());
                headingLines.put(section, line);
            }
        }

        private StringBuilder target() {
            return current == null ? preamble : texts.get(current);
        }

        /** Lines {@code from} (inclusive) to {@code to} (exclusive), as written. */
        private void copy(int from, int to) {
            for (int i = from; i < to; i++) {
                target().append(lines.get(i)).append('\n');
            }
        }

        /**
         * A lesson's text: its first paragraph on one line, then whatever the item holds after it (a nested
         * list, a code block, more paragraphs) as written, without the item's indentation.
         */
        String itemText(ListItem item) {
            StringBuilder text = new StringBuilder();
            Node child = item.getFirstChild();
            if (child instanceof Paragraph paragraph) {
                text.append(source(paragraph).stream().map(String::strip).collect(Collectors.joining(" ")));
                child = child.getNext();
            }
            for (; child != null; child = child.getNext()) {
                text.append('\n').append(String.join("\n", source(child)));
            }
            return text.toString().strip();
        }

        private List<String> source(Node block) {
            List<String> parts = new ArrayList<>();
            for (SourceSpan span : block.getSourceSpans()) {
                String line = lines.get(span.getLineIndex());
                int from = Math.min(span.getColumnIndex(), line.length());
                parts.add(line.substring(from, Math.min(line.length(), from + span.getLength())));
            }
            return parts;
        }

        int fileLine(int bodyLine) {
            return offset + bodyLine + 1;
        }
    }

    private static Lesson lesson(String caseId, int n, String text, int line, Set<String> themes, WarningSink warn)
            throws CaseFileException {
        String theme = null;
        Matcher themed = THEMED.matcher(text);
        if (themed.matches()) {
            String name = themed.group(1).strip();
            if (themes.contains(name)) {
                theme = name;
                text = themed.group(2).strip();
            } else {
                // Another organisation's report may start a bullet with its own bracketed label: keep the lesson.
                warn.warn(line, "'[" + name + "]' is not a lesson theme of corpus/themes.yaml: kept as part of the lesson's text");
            }
        }
        if (text.isEmpty()) {
            throw new CaseFileException(line, "empty lesson");
        }
        return new Lesson(caseId + "#L" + n, text, theme);
    }

    /** A heading's words as a reader sees them: "## **原因** ##" is 原因. */
    private static String text(Node node) {
        StringBuilder text = new StringBuilder();
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text t) {
                text.append(t.getLiteral());
            } else if (child instanceof Code c) {
                text.append(c.getLiteral());
            } else if (child instanceof HtmlInline html) {
                text.append(html.getLiteral());
            } else if (child instanceof SoftLineBreak || child instanceof HardLineBreak) {
                text.append(' ');
            } else {
                text.append(text(child));
            }
        }
        return text.toString().strip();
    }

    private static int firstLine(Node node) {
        return node.getSourceSpans().get(0).getLineIndex();
    }

    private static int lastLine(Node node) {
        return node.getSourceSpans().get(node.getSourceSpans().size() - 1).getLineIndex();
    }
}
