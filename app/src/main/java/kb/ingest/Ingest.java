package kb.ingest;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import kb.corpus.CorpusReader;
import kb.corpus.Problem;
import kb.model.Case;
import kb.model.CaseRecord;
import kb.model.Tagging;
import kb.model.Trigger;
import kb.search.CaseIndexer;
import kb.store.CaseStore;
import kb.store.IndexDirectory;
import kb.tagging.TriggerTagger;

/**
 * corpus files → parsed cases → tagged → stored (SQLite) → indexed (Lucene), into a new generation that
 * goes live only when complete.
 */
public final class Ingest {

    /**
     * @param corpora       the corpus directories to ingest
     * @param index         the knowledge-base directory
     * @param shippedCorpus the casebook shipped with the code: its declared cases train the tagger even
     *                      when it is not among {@code corpora} (null: train on the corpora alone)
     */
    public record Options(List<Path> corpora, Path index, Path shippedCorpus) {}

    /** What an ingest did: per trigger, how many cases were declared and inferred. */
    /** {@code toReview}: the inferred cases of low confidence, least confident first. */
    public record Report(int cases, int rejectedFiles, List<Problem> problems,
                         Map<Trigger, Integer> declared, Map<Trigger, Integer> inferred, int triggerWarnings,
                         List<CaseRecord> toReview, Path generation) {
        public long warnings() { return problems.stream().filter(p -> !p.isError()).count(); }
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

    private Ingest() {}

    public static Report run(Options options) throws IOException, IngestException {
        for (Path corpus : options.corpora()) {
            if (!Files.isDirectory(corpus)) {
                throw new IngestException("corpus directory not found: " + corpus);
            }
        }
        Path defaultThemes = options.shippedCorpus() == null ? null : options.shippedCorpus().resolve("themes.yaml");
        try {
            CorpusReader.themes(options.corpora(), defaultThemes);
        } catch (CorpusReader.ThemesException e) {
            // Every lesson would silently lose its theme: refuse the whole ingest instead.
            throw new IngestException(e.problem() + " (the knowledge base was not changed)", true);
        }
        CorpusReader.Result read = CorpusReader.read(options.corpora(), defaultThemes);

        TriggerTagger tagger = TriggerTagger.train(trainingCases(read.cases(), options));
        List<Problem> problems = new ArrayList<>(read.problems());
        List<CaseRecord> records = new ArrayList<>();
        Map<Trigger, Integer> declared = new EnumMap<>(Trigger.class);
        Map<Trigger, Integer> inferred = new EnumMap<>(Trigger.class);
        int triggerWarnings = 0;
        for (Case c : read.cases()) {
            TriggerTagger.Result result = tagger.tag(c);
            Tagging tagging = result.tagging();
            (tagging.source() == Tagging.Source.DECLARED ? declared : inferred).merge(tagging.trigger(), 1, Integer::sum);
            if (tagging.source() == Tagging.Source.DECLARED && result.disagrees()) {
                triggerWarnings++;
                problems.add(Problem.warning(Path.of(c.path()), 0, "declared trigger '" + tagging.trigger().slug()
                        + "' but the text reads as '" + result.model().trigger().slug() + "' ("
                        + Math.round(result.model().confidence() * 100) + " %, words: "
                        + String.join(", ", result.model().evidence()) + ")"));
            }
            records.add(CaseRecord.of(c, tagging));
        }

        IndexDirectory dir = new IndexDirectory(options.index());
        FileLock lock = dir.lockForIngest().orElseThrow(
                () -> new IngestException("another ingest is running on " + dir.root()));
        try (var channel = lock.channel(); lock) {
            dir.removeLeftovers(lock);
            Path generation = dir.newGeneration();
            try {
                CaseStore.write(IndexDirectory.casesDatabase(generation), records, read.themes());
                CaseIndexer.write(IndexDirectory.luceneIndex(generation), records);
            } catch (IOException | RuntimeException e) {
                IndexDirectory.deleteTree(generation);
                throw e;
            }
            dir.publish(generation);
            List<CaseRecord> toReview = records.stream().filter(CaseRecord::needsTriggerReview)
                    .sorted(Comparator.comparingDouble(CaseRecord::triggerConfidence)).toList();
            return new Report(records.size(), read.rejectedFiles(), List.copyOf(problems), declared, inferred,
                    triggerWarnings, toReview, generation);
        }
    }

    /** The declared cases of the ingested corpora, plus the shipped casebook's when it was not ingested. */
    private static List<Case> trainingCases(List<Case> ingested, Options options) throws IOException {
        List<Case> training = new ArrayList<>(ingested);
        Path shipped = options.shippedCorpus();
        if (shipped != null && Files.isDirectory(shipped) && !isAmong(shipped, options.corpora())) {
            training.addAll(CorpusReader.read(List.of(shipped), shipped.resolve("themes.yaml")).cases());
        }
        return training;
    }

    private static boolean isAmong(Path dir, List<Path> dirs) throws IOException {
        Path real = dir.toRealPath();
        for (Path d : dirs) {
            if (d.toRealPath().equals(real)) {
                return true;
            }
        }
        return false;
    }
}
