package kb.tagging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kb.model.Case;
import kb.model.Trigger;

/**
 * Stratified k-fold cross-validation of the trigger model on the cases that declare their trigger:
 * each case is predicted by a model that never saw it.
 */
public final class TaggerEvaluation {

    /** confusion[actual][predicted], in {@link Trigger} order. */
    public record Report(int folds, int cases, int correct, int[][] confusion, List<Miss> misses) {
        public double accuracy() { return cases == 0 ? 0 : (double) correct / cases; }
    }

    /** A case the model got wrong. */
    public record Miss(String id, Trigger actual, Trigger predicted, double confidence) {}

    private TaggerEvaluation() {}

    public static Report crossValidate(List<Case> corpus, int folds) {
        List<Case> declared = corpus.stream().filter(c -> c.declaredTrigger() != null)
                .sorted(Comparator.comparing(Case::id)).toList();
        Map<Case, List<String>> words = new HashMap<>();
        declared.forEach(c -> words.put(c, TriggerFeatures.of(c.fullText())));
        // Stratify: deal each trigger's cases round-robin over the folds.
        Map<Case, Integer> foldOf = new HashMap<>();
        Map<Trigger, Integer> dealt = new EnumMap<>(Trigger.class);
        for (Case c : declared) {
            int n = dealt.merge(c.declaredTrigger(), 1, Integer::sum);
            foldOf.put(c, n % folds);
        }
        int size = Trigger.values().length;
        int[][] confusion = new int[size][size];
        List<Miss> misses = new ArrayList<>();
        int correct = 0;
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
                confusion[c.declaredTrigger().ordinal()][p.trigger().ordinal()]++;
                if (p.trigger() == c.declaredTrigger()) {
                    correct++;
                } else {
                    misses.add(new Miss(c.id(), c.declaredTrigger(), p.trigger(), p.confidence()));
                }
            }
        }
        return new Report(folds, declared.size(), correct, confusion, List.copyOf(misses));
    }
}
