package kb.ingest;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import kb.corpus.CorpusReader;
import kb.corpus.Problem;
import kb.model.Tagging;
import kb.model.Theme;
import kb.model.Trigger;
import kb.store.CaseStoreWriter;
import kb.store.IndexDirectory;

/**
 * corpus files → parsed cases → tagged → stored (SQLite) → indexed (Lucene), into a new generation that
 * goes live only when complete. A generation is built from the previous one when it can be (only changed files
 * are read again; see {@link GenerationBuilder}).
 */
public final class Ingest {

    /**
     * @param corpora       the corpus directories to ingest
     * @param index         the knowledge-base directory
     * @param shippedCorpus the casebook shipped with the code: its declared cases train the tagger even
     *                      when it is not among {@code corpora} (null: train on the corpora alone)
     * @param full          rebuild from nothing even when the previous generation could be updated
     * @param progress      counts the work as it is done, for a progress display
     */
    public record Options(List<Path> corpora, Path index, Path shippedCorpus, boolean full, Progress progress) {
        public Options(List<Path> corpora, Path index, Path shippedCorpus) {
            this(corpora, index, shippedCorpus, false, new Progress());
        }
    }

    /**
     * What an ingest did: per trigger, how many cases were declared and inferred; {@code toReview}: the inferred
     * cases of low confidence, least confident first; {@code work}: how much was read and written.
     */
    public record Report(int cases, int rejectedFiles, List<Problem> problems,
                         Map<Trigger, Integer> declared, Map<Trigger, Integer> inferred, int triggerWarnings,
                         List<ToReview> toReview, Path generation, Work work) {
        public long warnings() { return problems.stream().filter(p -> !p.isError()).count(); }
    }

    /** An inferred case a reviewer should confirm. */
    public record ToReview(String id, String trigger, String triggerSource, double triggerConfidence) {}

    /**
     * How the generation was made: {@code incremental} from the previous one; files read (the others were unchanged
     * by size and time); cases written and removed; whether the model was trained again, and how many cases were
     * re-tagged by it from their stored readings.
     */
    public record Work(boolean incremental, int filesRead, int casesWritten, int casesRemoved, boolean modelTrained,
                       int casesRetagged) {}

    /** The work done so far, for a progress display: the step, and how many of how many items (0: not known). */
    public static final class Progress {
        private volatile String step = "走査";
        private volatile long total;
        private final AtomicLong done = new AtomicLong();

        void step(String name, long items) {
            done.set(0);
            total = items;
            step = name;
        }

        void advance() { done.incrementAndGet(); }

        public String step() { return step; }

        public long done() { return done.get(); }

        public long total() { return total; }
    }

    /**
     * The ingest stopped before publishing anything; the live generation is unchanged. {@code rejected}: the
     * input was refused (an unusable themes.yaml); otherwise it could not run at all (no lock, no corpus directory).
     */
    public static final class IngestException extends Exception {
        private final boolean rejected;

        public IngestException(String message) { this(message, false); }

        IngestException(String message, boolean rejected) {
            super(message);
            this.rejected = rejected;
        }

        public boolean rejected() { return rejected; }
    }

    /** How many case files, beyond the shipped casebook, the trigger model learns from (see {@link Training}). */
    public static final int TRAINING_SAMPLE = Training.SAMPLE;

    private Ingest() {}

    /** Where a case stands in the order the training sample is taken in (lowest first). */
    public static long trainingOrder(String id) {
        return Hashes.order(id);
    }

    public static Report run(Options options) throws IOException, IngestException {
        for (Path corpus : options.corpora()) {
            if (!Files.isDirectory(corpus)) {
                throw new IngestException("corpus directory not found: " + corpus);
            }
        }
        Path defaultThemes = options.shippedCorpus() == null ? null : options.shippedCorpus().resolve("themes.yaml");
        List<Theme> themes;
        try {
            themes = CorpusReader.themes(options.corpora(), defaultThemes);
        } catch (CorpusReader.ThemesException e) {
            // Every lesson would silently lose its theme: refuse the whole ingest instead.
            throw new IngestException(e.problem() + " (the knowledge base was not changed)", true);
        }
        IndexDirectory dir = new IndexDirectory(options.index());
        FileLock lock = dir.lockForIngest().orElseThrow(
                () -> new IngestException("another ingest is running on " + dir.root()));
        try (var channel = lock.channel(); lock) {
            dir.removeLeftovers(lock);
            CorpusReader.Scan scan = CorpusReader.scan(options.corpora());
            Path generation = dir.newGeneration();
            GenerationBuilder.Built built;
            try (GenerationBuilder builder = new GenerationBuilder(generation, dir.current().orElse(null), options,
                    themes, scan, options.progress())) {
                built = builder.build();
            } catch (IOException | RuntimeException | Error e) {
                IndexDirectory.deleteTree(generation);
                throw e;
            }
            dir.publish(generation);
            return report(scan, built);
        }
    }

    private static Report report(CorpusReader.Scan scan, GenerationBuilder.Built built) {
        Map<Trigger, Integer> declared = counts(built.taggingCounts().get(Tagging.Source.DECLARED.value()));
        Map<Trigger, Integer> inferred = counts(built.taggingCounts().get(Tagging.Source.INFERRED.value()));
        List<Problem> problems = new ArrayList<>(scan.refused());
        problems.addAll(built.fileProblems().problems());
        for (CaseStoreWriter.Disagreement d : built.disagreements()) {
            problems.add(Problem.warning(Path.of(d.path()), 0, "declared trigger '" + d.declared()
                    + "' but the text reads as '" + d.model() + "' (" + Math.round(d.confidence() * 100) + " %, words: "
                    + String.join(", ", d.evidence()) + ")"));
        }
        List<ToReview> toReview = built.lowConfidence().stream()
                .filter(c -> Tagging.needsReview(Tagging.Source.INFERRED.value(), c.confidence()))
                .map(c -> new ToReview(c.id(), c.trigger(), Tagging.Source.INFERRED.value(), c.confidence())).toList();
        int cases = declared.values().stream().mapToInt(Integer::intValue).sum()
                + inferred.values().stream().mapToInt(Integer::intValue).sum();
        return new Report(cases, built.fileProblems().rejected(), List.copyOf(problems), declared, inferred,
                built.disagreements().size(), toReview, built.generation(),
                new Work(built.incremental(), built.read(), built.changed(), built.removed(), built.trained(), built.retagged()));
    }

    private static Map<Trigger, Integer> counts(Map<String, Integer> bySlug) {
        Map<Trigger, Integer> counts = new EnumMap<>(Trigger.class);
        if (bySlug != null) {
            bySlug.forEach((slug, n) -> counts.put(Trigger.fromSlug(slug).orElseThrow(), n));
        }
        return counts;
    }
}
