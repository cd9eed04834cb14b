package kb.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import kb.model.Case;
import kb.model.Theme;

/** Reads corpus directories: every {@code **}{@code /<id>.md} is a case, {@code themes.yaml} the theme list. */
public final class CorpusReader {

    /** What reading the corpora gave: the accepted cases, the themes, and every problem found. */
    public record Result(List<Case> cases, List<Theme> themes, List<Problem> problems, int rejectedFiles) {}

    private CorpusReader() {}

    /**
     * @param corpora       the directories to read
     * @param defaultThemes the theme file to use when no corpus has its own (the shipped casebook's), or null
     */
    public static Result read(List<Path> corpora, Path defaultThemes) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Map<String, Theme> themes = new LinkedHashMap<>();
        List<Path> themeFiles = new ArrayList<>();
        for (Path corpus : corpora) {
            if (!Files.isDirectory(corpus)) {
                throw new IOException("corpus directory not found: " + corpus);
            }
            Path file = corpus.resolve(ThemeReader.FILE_NAME);
            if (Files.isRegularFile(file)) {
                themeFiles.add(file);
            }
        }
        if (themeFiles.isEmpty() && defaultThemes != null && Files.isRegularFile(defaultThemes)) {
            themeFiles.add(defaultThemes);
        }
        for (Path file : themeFiles) {
            try {
                ThemeReader.read(file).forEach(t -> themes.putIfAbsent(t.name(), t));
            } catch (CaseFileException e) {
                problems.add(Problem.error(file, e.line(), e.getMessage()));
            }
        }

        CaseParser parser = new CaseParser(themes.keySet());
        List<Case> cases = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        int rejected = 0;
        for (Path corpus : corpora) {
            for (Path file : caseFiles(corpus)) {
                String name = file.getFileName().toString();
                String stem = name.substring(0, name.length() - ".md".length());
                String id = idOf(stem);
                List<Problem> warnings = new ArrayList<>();
                if (!id.equals(stem)) {
                    warnings.add(Problem.warning(file, 0, "the file name is not a case id (lowercase ascii letters, digits, '-'): "
                            + "the case's id is '" + id + "'; rename the file to choose another"));
                }
                try {
                    Case c = parser.parse(id, file.toString(), Files.readAllBytes(file),
                            (line, message) -> warnings.add(Problem.warning(file, line, message)));
                    Path first = seen.putIfAbsent(id, file);
                    if (first != null) {
                        throw new CaseFileException(0, "duplicate case id '" + id + "' (already in " + first + ")");
                    }
                    cases.add(c);
                    problems.addAll(warnings);
                } catch (CaseFileException e) {
                    problems.add(Problem.error(file, e.line(), e.getMessage()));
                    rejected++;
                }
            }
        }
        return new Result(List.copyOf(cases), List.copyOf(themes.values()), List.copyOf(problems), rejected);
    }

    /**
     * The case id of a file named {@code stem}.md: the stem itself when it is a valid id; otherwise, so that
     * another organisation's "INC_2024_001.md" or "障害報告.md" is still read, a stable id derived from it.
     */
    static String idOf(String stem) {
        if (CaseParser.ID.matcher(stem).matches()) {
            return stem;
        }
        String ascii = Normalizer.normalize(stem, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String hash = HexFormat.of().formatHex(sha256(stem)).substring(0, 8);
        // A name with no ascii letters or digits, or mostly other characters, gets a hash to stay unique.
        return ascii.isEmpty() ? "case-" + hash : ascii.length() * 2 < stem.length() ? ascii + "-" + hash : ascii;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> caseFiles(Path corpus) throws IOException {
        try (Stream<Path> files = Files.walk(corpus)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted()
                    .toList();
        }
    }
}
