package kb.tagging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kb.model.Case;
import kb.model.Tagging;

/**
 * Decides each case's trigger: the declared one when the file has it, otherwise the model's, trained
 * on every case that declares its trigger (the shipped casebook and any declared cases ingested with it).
 */
public final class TriggerTagger {
    private final TriggerModel model;
    private final Map<String, List<String>> wordsById = new HashMap<>();

    private TriggerTagger(List<Case> training) {
        this.model = TriggerModel.train(training.stream()
                .filter(c -> c.declaredTrigger() != null)
                .map(c -> new TriggerModel.Example(words(c), c.declaredTrigger()))
                .toList());
    }

    public static TriggerTagger train(List<Case> training) {
        return new TriggerTagger(training);
    }

    /** The case's tagging, and the model's own prediction (which may disagree with a declared trigger). */
    public record Result(Tagging tagging, TriggerModel.Prediction prediction) {
        public boolean disagrees() { return tagging.trigger() != prediction.trigger(); }
    }

    public Result tag(Case c) {
        List<String> words = words(c);
        TriggerModel.Prediction prediction = model.predict(words);
        Tagging tagging = c.declaredTrigger() != null
                ? new Tagging(c.declaredTrigger(), Tagging.Source.DECLARED, 1.0, model.evidence(words, c.declaredTrigger()))
                : new Tagging(prediction.trigger(), Tagging.Source.INFERRED, round(prediction.confidence()), prediction.evidence());
        return new Result(tagging, prediction);
    }

    /** Tokenising is the costly part, and training and tagging read the same cases: do it once per case. */
    private List<String> words(Case c) {
        return wordsById.computeIfAbsent(c.id() + "\u0000" + c.path(), k -> TriggerFeatures.of(c.fullText()));
    }

    private static double round(double p) { return Math.round(p * 1000) / 1000.0; }
}
