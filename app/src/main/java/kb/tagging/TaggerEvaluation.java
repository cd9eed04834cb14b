package kb.tagging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kb.model.Case;
import kb.model.Tagging;
import kb.model.Trigger;

/**
 * How well the trigger model reads cases it never saw: stratified k-fold cross-validation on the cases
 * that declare their trigger, or a held-out set of labelled reports tagged by the model of the training corpus.
 */
public final class TaggerEvaluation {

    /** confusion[actual][predicted], in {@link Trigger} order; folds is 0 for a held-out test. */
    public record Report(int folds, int cases, int correct, int[][] confusion, List<Miss> misses) {
        public double accuracy() { return cases == 0 ? 0 : (double) correct / cases; }
    }

    /** A case the model got wrong. */
    public record Miss(String id, Trigger actual, Trigger predicted, double confidence) {}

    private TaggerEvaluation() {}

    /** The labelled example reports every model also learns from (kb/tagging/examples). */
    public static int exampleReports() { return TriggerExamples.ALL.size(); }

    public static Report crossValidate(List<Case> corpus, int folds) {
        List<Case> declared = corpus.stream().filter(c -> c.declaredTrigger() != null)
                .sorted(Comparator.comparing(Case::id)).toList();
        Map<Case, List<String>> words = new HashMap<>();
        declared.forEach(c -> words.put(c, TriggerFeatures.read(c).features()));
        // Stratify: deal each trigger's cases round-robin over the folds.
        Map<Case, Integer> foldOf = new HashMap<>();
        Map<Trigger, Integer> dealt = new EnumMap<>(Trigger.class);
        for (Case c : declared) {
            int n = dealt.merge(c.declaredTrigger(), 1, Integer::sum);
            foldOf.put(c, n % folds);
        }
        Tally tally = new Tally();
        for (int fold = 0; fold < folds; fold++) {
            int f = fold;
            TriggerModel model = TriggerModel.train(declared.stream()
                    .filter(c -> foldOf.get(c) != f)
                    .map(c -> new TriggerModel.Example(words.get(c), c.declaredTrigger()))
                    .toList());
            for (Case c : declared) {
                if (foldOf.get(c) != f) {
                    continue;
                }
                TriggerModel.Prediction p = model.predict(words.get(c));
                tally.add(c, p.trigger(), p.confidence());
            }
        }
        return tally.report(folds);
    }

    /** Trains on the declared cases of {@code training}, then predicts each declared case of {@code test} from its text alone. */
    public static Report heldOut(List<Case> training, List<Case> test) {
        TriggerTagger tagger = TriggerTagger.train(training);
        Tally tally = new Tally();
        test.stream().filter(c -> c.declaredTrigger() != null).sorted(Comparator.comparing(Case::id)).forEach(c -> {
            Tagging p = tagger.tag(c).model();
            tally.add(c, p.trigger(), p.confidence());
        });
        return tally.report(0);
    }

    /** Counts each labelled case's prediction into the confusion matrix, and keeps the misses. */
    private static final class Tally {
        private final int[][] confusion = new int[Trigger.values().length][Trigger.values().length];
        private final List<Miss> misses = new ArrayList<>();
        private int cases;
        private int correct;

        void add(Case c, Trigger predicted, double confidence) {
            cases++;
            confusion[c.declaredTrigger().ordinal()][predicted.ordinal()]++;
            if (predicted == c.declaredTrigger()) {
                correct++;
            } else {
                misses.add(new Miss(c.id(), c.declaredTrigger(), predicted, confidence));
            }
        }

        Report report(int folds) {
            return new Report(folds, cases, correct, confusion, List.copyOf(misses));
        }
    }
}
