package kb.corpus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import kb.corpus.CaseParser.WarningSink;
import kb.model.CaseDate;
import kb.model.Source;

/**
 * A case file's YAML front matter, with line numbers for messages. Anchors and aliases are refused: Jackson
 * reads an alias as the plain text of its name ({@code patterns: *i} → {@code ["i"]}), and nobody needs them
 * in a handful of keys.
 */
final class FrontMatter {
    static final Set<String> KEYS = Set.of(
            "title", "date", "industry", "organization", "trigger", "patterns", "systems", "sources");
    private static final Set<String> SOURCE_KEYS = Set.of("publisher", "title", "date", "url");
    private static final YAMLMapper YAML = new YAMLMapper();

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
            node = yaml.isBlank() ? null : readTree(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr() + firstLine - 1;
            throw new CaseFileException(line, "front matter is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new CaseFileException(firstLine, "front matter cannot be read: " + e.getMessage());
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
     * The YAML, or — when it fails only because a plain value holds ': ' (title: ポストモーテム: 勘定系DB移行,
     * as other organisations write titles) — the YAML with such values read as quoted text, with a warning.
     */
    private JsonNode readTree(String yaml) throws IOException, CaseFileException {
        try {
            refuseAnchorsAndAliases(yaml);
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            List<String> quoted = new ArrayList<>(lines);
            List<Integer> changed = new ArrayList<>();
            for (int i = 0; i < quoted.size(); i++) {
                var m = COLON_IN_VALUE.matcher(quoted.get(i));
                if (m.matches()) {
                    quoted.set(i, m.group(1) + ": '" + m.group(2).replace("'", "''") + "'");
                    changed.add(firstLine + i);
                }
            }
            if (changed.isEmpty()) {
                throw e;
            }
            String retried = String.join("\n", quoted);
            refuseAnchorsAndAliases(retried);
            JsonNode node = YAML.readTree(retried);
            quotedLines.addAll(changed);
            return node;
        }
    }

    /** A value that YAML would read as a second key: a top-level {@code key: plain text: more text} line. */
    private static final Pattern COLON_IN_VALUE = Pattern.compile("^([A-Za-z_]+):\\s+([^'\"\\[{|>&*!#][^#]*?:\\s.*?)\\s*$");
    private final List<Integer> quotedLines = new ArrayList<>();

    /** The values read as text although their ': ' made the line invalid YAML. */
    void warnAboutQuotedValues(WarningSink warn) {
        for (int line : quotedLines) {
            warn.warn(line, "the value holds ': ', which YAML reads as another key: read as text (quote it: key: '…')");
        }
    }

    private void refuseAnchorsAndAliases(String yaml) throws IOException, CaseFileException {
        try (JsonParser parser = YAML.createParser(yaml)) {
            while (parser.nextToken() != null) {
                YAMLParser p = (YAMLParser) parser;
                if (p.isCurrentAlias() || p.getObjectId() != null) {
                    String what = p.isCurrentAlias() ? "alias '*" + p.getText() + "'" : "anchor '&" + p.getObjectId() + "'";
                    throw new CaseFileException(p.currentTokenLocation().getLineNr() + firstLine - 1,
                            "YAML " + what + " is not allowed in front matter: write the value out");
                }
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
