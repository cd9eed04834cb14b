package kb.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kb.model.Case;
import kb.model.Theme;

/**
 * Reads corpus directories: every {@code **}{@code /<id>.md} is a case, {@code themes.yaml} the theme list.
 * <p>
 * Walking a corpus ({@link #scan}) only lists files: their ids, sizes and times, so that an ingest can tell
 * changed files from unchanged ones before reading any. Nothing outside a corpus directory is read: a symbolic
 * link that leads out of it is refused with a warning naming it, as is a link that loops or leads nowhere; a
 * link to a file inside is read; links to directories are not followed (their files are read where they are).
 * A file over the size limit is rejected from its size, without reading it.
 */
public final class CorpusReader {

    /** What reading the corpora gave: the accepted cases, the themes, and every problem found. */
    public record Result(List<Case> cases, List<Theme> themes, List<Problem> problems, int rejectedFiles) {}

    /**
     * A case file found in a corpus. {@code path} is as shown to users (under the corpus directory as given);
     * {@code duplicateOf} names the file that already has this id (the file is then rejected), else null.
     */
    public record CaseFile(Path path, String id, long size, long modifiedNanos, Path duplicateOf) {}

    /** What walking the corpora found: the case files in reading order, and the entries refused. */
    public record Scan(List<CaseFile> files, List<Problem> refused) {}

    /** The file of a case, read and parsed: the case (null when rejected) and the file's problems. */
    public record Parsed(Case value, List<Problem> problems) {
        public boolean rejected() { return value == null; }
    }

    private CorpusReader() {}

    /**
     * @param corpora       the directories to read
     * @param defaultThemes the theme file to use when no corpus has its own (the shipped casebook's), or null
     */
    public static Result read(List<Path> corpora, Path defaultThemes) throws IOException {
        List<Problem> problems = new ArrayList<>();
        List<Theme> themes;
        try {
            themes = themes(corpora, defaultThemes);
        } catch (ThemesException e) {
            problems.add(e.problem());
            themes = List.of();
        }
        Scan scan = scan(corpora);
        problems.addAll(scan.refused());
        int rejected = 0;
        CaseParser parser = new CaseParser(themes.stream().map(Theme::name).collect(Collectors.toSet()));
        List<Case> cases = new ArrayList<>();
        for (CaseFile file : scan.files()) {
            Parsed parsed = parse(parser, file);
            problems.addAll(parsed.problems());
            if (parsed.rejected()) {
                rejected++;
            } else {
                cases.add(parsed.value());
            }
        }
        return new Result(List.copyOf(cases), themes, List.copyOf(problems), rejected);
    }

    /** {@code themes.yaml} could not be used: the file and line to fix. */
    public static final class ThemesException extends Exception {
        private final transient Problem problem;

        ThemesException(Problem problem) {
            super(problem.toString());
            this.problem = problem;
        }

        public Problem problem() { return problem; }
    }

    /** The themes of the corpora's {@code themes.yaml} files, or of {@code defaultThemes} when none has one. */
    public static List<Theme> themes(List<Path> corpora, Path defaultThemes) throws IOException, ThemesException {
        List<Path> files = new ArrayList<>();
        for (Path corpus : corpora) {
            requireDirectory(corpus);
            Path file = corpus.resolve(ThemeReader.FILE_NAME);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                files.add(file);
            }
        }
        if (files.isEmpty() && defaultThemes != null && Files.isRegularFile(defaultThemes)) {
            files.add(defaultThemes);
        }
        Map<String, Theme> themes = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                ThemeReader.read(file).forEach(t -> themes.putIfAbsent(t.name(), t));
            } catch (CaseFileException e) {
                throw new ThemesException(Problem.error(file, e.line(), e.getMessage()));
            }
        }
        return List.copyOf(themes.values());
    }

    /** Lists the case files of {@code corpora}, in reading order (corpus by corpus, by path). */
    public static Scan scan(List<Path> corpora) throws IOException {
        List<CaseFile> files = new ArrayList<>();
        List<Problem> refused = new ArrayList<>();
        Map<String, Path> owners = new HashMap<>();
        for (Path corpus : corpora) {
            requireDirectory(corpus);
            List<CaseFile> found = new ArrayList<>();
            Walker walker = new Walker(corpus, corpus.toRealPath(), found, refused);
            Files.walkFileTree(walker.realRoot, walker);
            found.sort(Comparator.comparing(CaseFile::path));
            for (CaseFile f : found) {
                Path owner = owners.putIfAbsent(f.id(), f.path());
                files.add(owner == null ? f : new CaseFile(f.path(), f.id(), f.size(), f.modifiedNanos(), owner));
            }
        }
        return new Scan(List.copyOf(files), List.copyOf(refused));
    }

    private static void requireDirectory(Path corpus) throws IOException {
        if (!Files.isDirectory(corpus)) {
            throw new IOException("corpus directory not found: " + corpus);
        }
    }

    /** Reads and parses one case file; every problem names the file (and the line, when one is to blame). */
    public static Parsed parse(CaseParser parser, CaseFile file) {
        try {
            return parse(parser, file, read(file));
        } catch (CaseFileException e) {
            return new Parsed(null, List.of(Problem.error(file.path(), e.line(), e.getMessage())));
        }
    }

    /** Parses one case file already read ({@link #read}). */
    public static Parsed parse(CaseParser parser, CaseFile file, byte[] bytes) {
        List<Problem> warnings = new ArrayList<>();
        String stem = stem(file.path());
        if (!file.id().equals(stem)) {
            warnings.add(Problem.warning(file.path(), 0, "the file name is not a case id (lowercase ascii letters, digits, '-'): "
                    + "the case's id is '" + file.id() + "'; rename the file to choose another"));
        }
        try {
            if (file.duplicateOf() != null) {
                throw new CaseFileException(0, "duplicate case id '" + file.id() + "' (already in " + file.duplicateOf() + ")");
            }
            Case c = parser.parse(file.id(), file.path().toString(), bytes,
                    (line, message) -> warnings.add(Problem.warning(file.path(), line, message)));
            return new Parsed(c, List.copyOf(warnings));
        } catch (CaseFileException e) {
            return new Parsed(null, List.of(Problem.error(file.path(), e.line(), e.getMessage())));
        }
    }

    /** The bytes of a case file, refused without reading it whole when it is over the size limit. */
    public static byte[] read(CaseFile file) throws CaseFileException {
        if (file.size() > CaseParser.MAX_BYTES) {
            throw tooBig(file.size());
        }
        try (InputStream in = Files.newInputStream(file.path())) {
            byte[] bytes = in.readNBytes(CaseParser.MAX_BYTES + 1);
            if (bytes.length > CaseParser.MAX_BYTES) {
                throw tooBig(Files.size(file.path())); // it grew since the corpus was walked
            }
            return bytes;
        } catch (IOException e) {
            throw new CaseFileException(0, "cannot read: " + e.getMessage());
        }
    }

    private static CaseFileException tooBig(long size) {
        return new CaseFileException(0, "file is " + size + " bytes, over the " + (CaseParser.MAX_BYTES >> 20) + " MiB limit");
    }

    /** Parses one case file as read by {@link #parse(CaseParser, CaseFile)}, from its path alone. */
    public static Parsed parse(CaseParser parser, Path file) throws IOException {
        return parse(parser, new CaseFile(file, idOf(stem(file)), Files.size(file), Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS), null));
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".md".length());
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

    private static boolean isCaseFileName(Path p) {
        String name = p.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".md") && !name.equalsIgnoreCase("README.md");
    }

    /**
     * Walks one corpus without following links; each link met is resolved and checked. Paths are reported under
     * the corpus directory as the user gave it, even when that is itself a link.
     */
    private static final class Walker extends SimpleFileVisitor<Path> {
        private final Path shownRoot;
        private final Path realRoot;
        private final List<CaseFile> found;
        private final List<Problem> refused;

        Walker(Path shownRoot, Path realRoot, List<CaseFile> found, List<Problem> refused) {
            this.shownRoot = shownRoot;
            this.realRoot = realRoot;
            this.found = found;
            this.refused = refused;
        }

        private Path shown(Path p) { return shownRoot.resolve(realRoot.relativize(p).toString()); }

        @Override
        public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
            if (attrs.isSymbolicLink()) {
                link(p);
            } else if (attrs.isRegularFile() && isCaseFileName(p)) {
                add(p, attrs);
            }
            return FileVisitResult.CONTINUE;
        }

        /**
         * A link: read when it leads to a case file inside the corpus; refused with a warning when it leads
         * outside, loops or leads nowhere. A link to a directory inside is not followed (its files are read
         * where they are), and one to a directory above it is a loop.
         */
        private void link(Path p) {
            Path target;
            try {
                target = p.toRealPath();
            } catch (FileSystemException e) {
                boolean loop = e.getReason() != null && e.getReason().toLowerCase(Locale.ROOT).contains("levels of symbolic links");
                refused.add(Problem.warning(shown(p), 0, "not read: " + (loop ? "a symbolic link loop" : "a symbolic link that leads nowhere")));
                return;
            } catch (IOException e) {
                refused.add(Problem.warning(shown(p), 0, "not read: " + e.getMessage()));
                return;
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(target, BasicFileAttributes.class);
            } catch (IOException e) {
                refused.add(Problem.warning(shown(p), 0, "not read: " + e.getMessage()));
                return;
            }
            if (!target.startsWith(realRoot)) {
                if (attrs.isDirectory() || isCaseFileName(p)) {
                    refused.add(Problem.warning(shown(p), 0,
                            "not read: a symbolic link that leads outside the corpus directory (to " + target + ")"));
                }
            } else if (attrs.isDirectory() && p.startsWith(target)) {
                refused.add(Problem.warning(shown(p), 0, "not followed: a symbolic link loop (to " + shown(target) + ")"));
            } else if (attrs.isRegularFile() && isCaseFileName(p)) {
                add(p, attrs);
            }
        }

        private void add(Path p, BasicFileAttributes attrs) {
            Path path = shown(p);
            found.add(new CaseFile(path, idOf(stem(path)), attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), null));
        }

        @Override
        public FileVisitResult visitFileFailed(Path p, IOException e) {
            refused.add(Problem.warning(shown(p), 0, "not read: " + e.getMessage()));
            return FileVisitResult.CONTINUE;
        }
    }
}
