package kb.corpus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import kb.model.Case;
import kb.model.CaseDate;
import kb.model.Industry;
import kb.model.Source;
import kb.model.Trigger;

/** Parses one case file (YAML front matter + Markdown sections) into a {@link Case}. */
public final class CaseParser {
    public static final int MAX_BYTES = 1 << 20;
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

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
        // Line breaks as Markdown sees them, so that line numbers agree with its source spans.
        String text = decodeUtf8(bytes).replace("\r\n", "\n").replace('\r', '\n');
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
        CaseBody body = CaseBody.parse(id, lines, close + 1, themes, warn);
        fm.warnAboutUnknownKeys(warn);
        fm.warnAboutQuotedValues(warn);

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
        if (body.lessons().isEmpty()) {
            warn.warn(0, "no lessons: add bullets under '## 教訓'");
        }
        return new Case(id, title, date, industry, fm.optionalText("organization"), trigger,
                fm.list("patterns"), fm.list("systems"), sources, body.sections(), body.lessons(), path);
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
}
