package kb.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import kb.corpus.CaseFileException;
import kb.corpus.CaseParser;
import kb.corpus.CorpusReader;
import kb.corpus.CorpusReader.CaseFile;
import kb.model.Case;
import kb.model.Trigger;
import kb.store.CaseContents;
import kb.store.CaseStoreWriter.FileEntry;
import kb.tagging.ReadingCodec;
import kb.tagging.ReadingCodec.StringTable;
import kb.tagging.TriggerFeatures;
import kb.tagging.TriggerModel;

/**
 * What the trigger model learns from: the declared cases of the shipped casebook (always, ingested or not) and of
 * a sample of the other case files — the {@value #SAMPLE} whose ids hash lowest, a sample no file name or date
 * biases and that stays the same from one ingest to the next. Training time and memory are so bounded whatever
 * the corpus' size, and editing a case outside the sample never retrains the model. The model's key is a hash of
 * the code (with the lexicon and examples) and of every training file's content: the same key, the same model.
 */
final class Training {
    static final int SAMPLE = 2000;

    /**
     * A training file: in the ingested corpora (with its entry from the last ingest, or null) or in the shipped
     * casebook alone; once looked at, its content hash, its declared trigger (null: none, or rejected) and — when
     * it was read now — its case.
     */
    private record Source(CaseFile file, boolean ingested, FileEntry previous, byte[] hash, String declared, Case read) {}

    private final List<Source> sources = new ArrayList<>();
    private final CaseContents previous;
    private final StringTable strings;
    private final ExecutorService workers;

    Training(Ingest.Options options, CorpusReader.Scan scan, Map<String, FileEntry> previousFiles, CaseContents previous,
             StringTable strings, CaseParser parser, ExecutorService workers) throws IOException {
        this.previous = previous;
        this.strings = strings;
        this.workers = workers;
        Path shipped = options.shippedCorpus() == null || !Files.isDirectory(options.shippedCorpus()) ? null
                : options.shippedCorpus().toRealPath();
        boolean shippedIngested = false;
        List<Source> found = new ArrayList<>();
        List<CaseFile> others = new ArrayList<>();
        for (CaseFile f : scan.files()) {
            if (f.duplicateOf() != null) {
                continue;
            }
            if (shipped != null && f.path().toAbsolutePath().normalize().startsWith(shipped)) {
                shippedIngested = true;
                found.add(new Source(f, true, previousFiles.get(f.path().toString()), null, null, null));
            } else {
                others.add(f);
            }
        }
        if (shipped != null && !shippedIngested && !isAmong(shipped, options.corpora())) {
            for (CaseFile f : CorpusReader.scan(List.of(shipped)).files()) {
                if (f.duplicateOf() == null) {
                    found.add(new Source(f, false, null, null, null, null));
                }
            }
        }
        others.stream().sorted(Comparator.comparingLong((CaseFile f) -> Hashes.order(f.id())).thenComparing(CaseFile::path))
                .limit(SAMPLE)
                .forEach(f -> found.add(new Source(f, true, previousFiles.get(f.path().toString()), null, null, null)));
        found.sort(Comparator.comparing(s -> s.file().path().toString()));
        for (Source s : found) {
            sources.add(unchanged(s) ? new Source(s.file(), true, s.previous(), s.previous().hash(), s.previous().declared(), null)
                    : look(s, parser));
        }
    }

    /** A source read now: its hash, and what it declares. */
    private static Source look(Source s, CaseParser parser) {
        byte[] bytes;
        try {
            bytes = CorpusReader.read(s.file());
        } catch (CaseFileException e) {
            return new Source(s.file(), s.ingested(), s.previous(), new byte[0], null, null);
        }
        CorpusReader.Parsed parsed = CorpusReader.parse(parser, s.file(), bytes);
        Case c = parsed.rejected() ? null : parsed.value();
        String declared = c == null || c.declaredTrigger() == null ? null : c.declaredTrigger().slug();
        return new Source(s.file(), s.ingested(), s.previous(), Hashes.sha256(bytes), declared, declared == null ? null : c);
    }

    private static boolean isAmong(Path real, List<Path> corpora) throws IOException {
        for (Path c : corpora) {
            if (c.toRealPath().equals(real)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file is as the last ingest read it (same size and time), and that ingest kept what it found (it did
     * not reject it as another file's duplicate: training files are the first with their id).
     */
    private static boolean unchanged(Source s) {
        return s.ingested() && s.previous() != null && s.previous().duplicateOf() == null
                && s.previous().size() == s.file().size() && s.previous().modifiedNanos() == s.file().modifiedNanos();
    }

    /** The model's key: the code, and each declared training case's path, trigger and content. */
    String key() {
        MessageDigest sha = Fingerprint.sha256();
        Fingerprint.update(sha, Fingerprint.code());
        for (Source s : sources) {
            if (s.declared() != null) {
                Fingerprint.update(sha, s.file().path().toString());
                Fingerprint.update(sha, s.declared());
                sha.update(s.hash());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The declared training cases as the model reads them, in the order of their paths: stored readings where the
     * file is unchanged, else read now (in parallel).
     */
    List<TriggerModel.Example> examples() throws IOException {
        List<Future<TriggerModel.Example>> examples = new ArrayList<>();
        for (Source s : sources) {
            if (s.declared() == null) {
                continue;
            }
            Trigger declared = Trigger.fromSlug(s.declared()).orElseThrow();
            if (s.read() == null) {
                CaseContents.Stored stored = previous.get(s.previous().caseId());
                if (stored == null) {
                    throw new IOException("the previous generation lost the case of " + s.file().path());
                }
                examples.add(CompletableFuture.completedFuture(
                        new TriggerModel.Example(ReadingCodec.decode(stored.reading(), strings).features(), declared)));
            } else {
                examples.add(workers.submit(() -> new TriggerModel.Example(TriggerFeatures.read(s.read()).features(), declared)));
            }
        }
        List<TriggerModel.Example> declared = new ArrayList<>();
        try {
            for (Future<TriggerModel.Example> f : examples) {
                declared.add(f.get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return declared;
    }
}
