package kb.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kb.model.Case;
import kb.model.CaseDate;
import kb.model.Industry;
import kb.model.Lesson;
import kb.model.Section;
import kb.model.Source;
import kb.model.Trigger;

/** Parses one case file (YAML front matter + Markdown sections) into a {@link Case}. */
public final class CaseParser {
    public static final int MAX_BYTES = 1 << 20;
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private static final Set<String> KEYS = Set.of(
            "title", "date", "industry", "organization", "trigger", "patterns", "systems", "sources");
    private static final Set<String> SOURCE_KEYS = Set.of("publisher", "title", "date", "url");
    private static final Pattern HEADING = Pattern.compile("^##\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^[-*+]\\s+(.*)$");
    private static final Pattern THEMED = Pattern.compile("^\\[([^\\]]+)]\\s*(.*)$", Pattern.DOTALL);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Set<String> themes;

    /** @param themes the theme names lessons may carry */
    public CaseParser(Set<String> themes) {
        this.themes = themes;
    }

    /**
     * @param id      the case id (the file name without .md)
     * @param path    the path shown to users and stored with the case
     * @param bytes   the file's content
     * @param warn    receives warnings (line, message) for a case that is still accepted
     */
    public Case parse(String id, String path, byte[] bytes, WarningSink warn) throws CaseFileException {
        if (!ID.matcher(id).matches()) {
            throw new CaseFileException(0, "file name must be <id>.md with id of lowercase ascii letters, digits and '-', got '" + id + ".md'");
        }
        if (bytes.length > MAX_BYTES) {
            throw new CaseFileException(0, "file is " + bytes.length + " bytes, over the 1 MiB limit");
        }
        String text = decodeUtf8(bytes).replace("\r\n", "\n");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = List.of(text.split("\n", -1));
        if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
            throw new CaseFileException(1, "no front matter: the file must start with a line '---'");
        }
        int close = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("---")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            throw new CaseFileException(1, "front matter opened at line 1 is never closed with '---'");
        }
        FrontMatter fm = new FrontMatter(lines.subList(1, close), 2);
        Body body = parseBody(id, lines, close + 1, warn);
        fm.warnAboutUnknownKeys(warn);

        String title = fm.requiredText("title");
        if (title.contains("\n")) {
            throw new CaseFileException(fm.lineOf("title"), "title must be one line");
        }
        CaseDate date = fm.requiredDate("date");
        String writtenIndustry = fm.requiredText("industry");
        String industry = Industry.canonical(writtenIndustry).orElse(null);
        if (industry == null) {
            throw new CaseFileException(fm.lineOf("industry"),
                    "unknown industry '" + writtenIndustry + "'; use one of " + String.join(" / ", Industry.ALL));
        }
        Trigger trigger = null;
        String triggerText = fm.optionalText("trigger");
        if (triggerText != null) {
            trigger = Trigger.fromSlug(triggerText).orElseThrow(() -> new CaseFileException(fm.lineOf("trigger"),
                    "unknown trigger '" + triggerText + "'; use one of " + Trigger.slugs()));
        }
        List<Source> sources = fm.sources();
        if (sources.isEmpty()) {
            warn.warn(fm.lineOf("title"), "no sources: say where the facts come from (sources:)");
        }
        if (body.lessons.isEmpty()) {
            warn.warn(0, "no lessons: add bullets under '## 教訓'");
        }
        return new Case(id, title, date, industry, fm.optionalText("organization"), trigger,
                fm.list("patterns"), fm.list("systems"), sources, body.sections, body.lessons, path);
    }

    /** Receives a warning about a case that is still accepted. */
    @FunctionalInterface
    public interface WarningSink {
        void warn(int line, String message);
    }

    private static String decodeUtf8(byte[] bytes) throws CaseFileException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            for (int i = 0; i < in.position() && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new CaseFileException(line, "not valid UTF-8 text (save the file as UTF-8)");
        }
    }

    private record Body(Map<String, String> sections, List<Lesson> lessons) {}

    private Body parseBody(String id, List<String> lines, int start, WarningSink warn) throws CaseFileException {
        Map<Section, StringBuilder> texts = new LinkedHashMap<>();
        Map<Section, Integer> startLines = new LinkedHashMap<>();
        Section current = null;
        StringBuilder preamble = new StringBuilder();
        int preambleLine = 0;
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                int lineNo = i + 1;
                Section section = Section.fromHeading(heading.group(1)).orElseThrow(() -> new CaseFileException(lineNo,
                        "unknown section '" + heading.group(1) + "'; use 概要, 原因, 影響, 対応, 教訓 (or Summary, Cause, Impact, Response, Lessons; docs/corpus-format.md lists other accepted names)"));
                if (texts.containsKey(section)) {
                    throw new CaseFileException(lineNo, "section '" + section.ja() + "' appears twice (first at line " + startLines.get(section) + "): merge the two");
                }
                texts.put(section, new StringBuilder());
                startLines.put(section, lineNo);
                current = section;
            } else if (current != null) {
                texts.get(current).append(line).append('\n');
            } else if (!line.isBlank() || !preamble.isEmpty()) {
                if (preamble.isEmpty()) {
                    preambleLine = i + 1;
                }
                preamble.append(line).append('\n');
            }
        }
        // A report that starts without a heading (or has none) still says what happened: read that text as 概要.
        if (!preamble.isEmpty()) {
            warn.warn(preambleLine, "text before the first section heading is read as '## 概要'");
            StringBuilder summary = texts.get(Section.SUMMARY);
            texts.put(Section.SUMMARY, summary == null ? preamble : preamble.append('\n').append(summary));
        }
        for (Section section : Section.values()) {
            if (section != Section.LESSONS && !texts.containsKey(section)) {
                warn.warn(0, "no section '## " + section.ja() + "'");
            }
        }
        Map<String, String> sections = new LinkedHashMap<>();
        for (Section section : Section.values()) {
            if (texts.containsKey(section)) {
                sections.put(section.ja(), texts.get(section).toString().strip());
            }
        }
        List<Lesson> lessons = texts.containsKey(Section.LESSONS)
                ? parseLessons(id, texts.get(Section.LESSONS).toString(), startLines.get(Section.LESSONS), warn)
                : List.of();
        return new Body(sections, lessons);
    }

    private List<Lesson> parseLessons(String id, String text, int headingLine, WarningSink warn) throws CaseFileException {
        List<Lesson> lessons = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder bullet = null;
        int bulletLine = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : null;
            Matcher m = line == null ? null : BULLET.matcher(line);
            boolean starts = m != null && m.matches();
            boolean ends = line == null || starts || (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)));
            if (bullet != null && ends) {
                lessons.add(lesson(id, lessons.size() + 1, bullet.toString().strip(), bulletLine, warn));
                bullet = null;
            }
            if (starts) {
                bullet = new StringBuilder(m.group(1));
                bulletLine = headingLine + 1 + i;
            } else if (bullet != null && line != null && !line.isBlank()) {
                bullet.append(' ').append(line.strip());
            }
        }
        return lessons;
    }

    private Lesson lesson(String caseId, int n, String text, int line, WarningSink warn) throws CaseFileException {
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

    /** The YAML front matter, with line numbers for messages. */
    private static final class FrontMatter {
        private final List<String> lines;
        private final int firstLine;
        private final JsonNode root;
        private final List<String> unknown = new ArrayList<>();

        FrontMatter(List<String> lines, int firstLine) throws CaseFileException {
            this.lines = lines;
            this.firstLine = firstLine;
            String yaml = String.join("\n", lines);
            JsonNode node;
            try {
                node = yaml.isBlank() ? null : YAML.readTree(yaml);
            } catch (JsonProcessingException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr() + firstLine - 1;
                throw new CaseFileException(line, "front matter is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
            if (node == null || !node.isObject()) {
                throw new CaseFileException(firstLine, "front matter must be YAML 'key: value' lines");
            }
            this.root = node;
            Iterator<String> names = root.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!KEYS.contains(key)) {
                    unknown.add(key);
                }
            }
        }

        /**
         * Keys we do not know are ignored with a warning (another organisation's reports may carry their own,
         * such as severity or author); a typo of a required key still fails, as that key is then missing.
         */
        void warnAboutUnknownKeys(WarningSink warn) {
            for (String key : unknown) {
                warn.warn(lineOf(key), "unknown front-matter key '" + key + "' is ignored; known keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }

        int lineOf(String key) {
            Pattern p = Pattern.compile("^" + Pattern.quote(key) + "\\s*:");
            for (int i = 0; i < lines.size(); i++) {
                if (p.matcher(lines.get(i)).find()) {
                    return firstLine + i;
                }
            }
            return firstLine;
        }

        String requiredText(String key) throws CaseFileException {
            String value = optionalText(key);
            if (value == null) {
                if (root.has(key)) {
                    throw new CaseFileException(lineOf(key), "missing required field '" + key + "'");
                }
                for (String other : unknown) {
                    if (editDistance(key, other) <= 2) {
                        throw new CaseFileException(lineOf(other), "missing required field '" + key + "' (is '" + other + "' a misspelling?)");
                    }
                }
                throw new CaseFileException(firstLine, "missing required field '" + key + "'");
            }
            return value;
        }

        private static int editDistance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                int[] current = new int[b.length() + 1];
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
                }
                previous = current;
            }
            return previous[b.length()];
        }

        String optionalText(String key) throws CaseFileException {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isValueNode()) {
                throw new CaseFileException(lineOf(key), "'" + key + "' must be a single value");
            }
            String text = node.asText().strip();
            return text.isEmpty() ? null : text;
        }

        CaseDate requiredDate(String key) throws CaseFileException {
            String text = requiredText(key);
            try {
                return CaseDate.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CaseFileException(lineOf(key), e.getMessage());
            }
        }

        List<String> list(String key) throws CaseFileException {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return List.of();
            }
            List<String> values = new ArrayList<>();
            if (node.isValueNode()) {
                values.add(node.asText().strip());
            } else if (node.isArray()) {
                for (JsonNode item : node) {
                    if (!item.isValueNode()) {
                        throw new CaseFileException(lineOf(key), "'" + key + "' must be a list of words");
                    }
                    values.add(item.asText().strip());
                }
            } else {
                throw new CaseFileException(lineOf(key), "'" + key + "' must be a list, e.g. [a, b]");
            }
            values.removeIf(String::isEmpty);
            return List.copyOf(values);
        }

        List<Source> sources() throws CaseFileException {
            JsonNode node = root.get("sources");
            if (node == null || node.isNull()) {
                return List.of();
            }
            int line = lineOf("sources");
            if (!node.isArray()) {
                throw new CaseFileException(line, "'sources' must be a list of {publisher, title, date, url}");
            }
            List<Source> sources = new ArrayList<>();
            for (JsonNode item : node) {
                int n = sources.size() + 1;
                if (!item.isObject()) {
                    throw new CaseFileException(line, "source " + n + " must be {publisher: ..., title: ..., date: ...}");
                }
                List<String> unknown = new ArrayList<>();
                item.fieldNames().forEachRemaining(k -> { if (!SOURCE_KEYS.contains(k)) unknown.add(k); });
                if (!unknown.isEmpty()) {
                    throw new CaseFileException(line, "source " + n + " has unknown key '" + unknown.get(0) + "'; allowed: publisher, title, date, url");
                }
                String publisher = text(item, "publisher");
                String title = text(item, "title");
                if (publisher == null || title == null) {
                    throw new CaseFileException(line, "source " + n + " needs a publisher and a title");
                }
                String date = text(item, "date");
                if (date != null) {
                    try {
                        CaseDate.parse(date);
                    } catch (IllegalArgumentException e) {
                        throw new CaseFileException(line, "source " + n + ": " + e.getMessage());
                    }
                }
                String url = text(item, "url");
                if (url != null && !url.matches("https?://\\S+")) {
                    throw new CaseFileException(line, "source " + n + ": url must start with http:// or https://");
                }
                sources.add(new Source(publisher, title, date, url));
            }
            return List.copyOf(sources);
        }

        private static String text(JsonNode item, String key) {
            JsonNode v = item.get(key);
            return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
        }
    }
}
