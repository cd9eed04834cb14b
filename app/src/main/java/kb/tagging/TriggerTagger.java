package kb.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kb.model.Case;
import kb.model.Tagging;
import kb.model.Trigger;

/**
 * Decides each case's trigger: the declared one when the file has it, otherwise the model's, trained
 * on cases that declare their trigger (the shipped casebook and declared cases ingested with it).
 */
public final class TriggerTagger {
    private static final int EVIDENCE_WORDS = 6;

    private final TriggerModel model;

    public TriggerTagger(TriggerModel model) {
        this.model = model;
    }

    /** Trains on the cases of {@code training} that declare their trigger. */
    public static TriggerTagger train(List<Case> training) {
        return new TriggerTagger(TriggerModel.train(training.stream()
                .filter(c -> c.declaredTrigger() != null)
                .map(c -> new TriggerModel.Example(TriggerFeatures.read(c).features(), c.declaredTrigger()))
                .toList()));
    }

    public TriggerModel model() { return model; }

    /** The case's tagging, and the model's own reading of its text (which may disagree with a declared trigger). */
    public record Result(Tagging tagging, Tagging model) {
        public boolean disagrees() { return tagging.trigger() != model.trigger(); }
    }

    public Result tag(Case c) {
        return tag(c.declaredTrigger(), TriggerFeatures.read(c));
    }

    /** Tags a case read earlier (at ingest, from the tokens its index fields are written with, or as stored). */
    public Result tag(Trigger declared, TriggerFeatures.Reading reading) {
        List<String> words = reading.features();
        TriggerModel.Prediction prediction = model.predict(words);
        return result(declared, reading, prediction, declared == null ? List.of() : model.evidence(words, declared));
    }

    /** {@link #tag(Trigger, TriggerFeatures.Reading)} with the reading's features given as the model's indices ({@link FeatureIndex}). */
    public Result tag(Trigger declared, TriggerFeatures.Reading reading, int[] features) {
        TriggerModel.Prediction prediction = model.predict(features);
        return result(declared, reading, prediction, declared == null ? List.of() : model.evidence(features, declared));
    }

    private static Result result(Trigger declared, TriggerFeatures.Reading reading, TriggerModel.Prediction prediction,
                                 List<String> declaredEvidence) {
        Map<String, String> surfaces = reading.surfaces(
                Stream.concat(prediction.evidence().stream(), declaredEvidence.stream()).collect(Collectors.toSet()));
        Tagging modelsView = new Tagging(prediction.trigger(), Tagging.Source.INFERRED, round(prediction.confidence()),
                readable(prediction.evidence(), surfaces));
        Tagging tagging = declared == null ? modelsView
                : new Tagging(declared, Tagging.Source.DECLARED, 1.0, readable(declaredEvidence, surfaces));
        return new Result(tagging, modelsView);
    }

    /**
     * The evidence in the report's own words, strongest first: "採る 番" becomes "採番", and a word already
     * inside a longer piece of evidence ("上限" in "上限に達し") gives way to it.
     */
    private static List<String> readable(List<String> features, Map<String, String> surfaces) {
        List<String> shown = new ArrayList<>();
        for (String feature : features) {
            String text = surfaces.getOrDefault(feature, feature);
            if (shown.stream().anyMatch(s -> s.contains(text))) {
                continue;
            }
            int inside = indexOfFirst(shown, text);
            if (inside >= 0) {
                shown.set(inside, text);
                shown.removeIf(s -> s != text && text.contains(s));
            } else if (shown.size() < EVIDENCE_WORDS) {
                shown.add(text);
            }
        }
        return List.copyOf(shown);
    }

    private static int indexOfFirst(List<String> shown, String longer) {
        for (int i = 0; i < shown.size(); i++) {
            if (longer.contains(shown.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static double round(double p) { return Math.round(p * 1000) / 1000.0; }
}
