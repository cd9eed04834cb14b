package kb.tagging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kb.model.Trigger;

/**
 * Multinomial naive Bayes over words, with uniform class priors (an organisation's own reports need
 * not follow the casebook's mix of triggers) and the {@link TriggerLexicon} as prior word counts.
 */
public final class TriggerModel {
    /** Additive smoothing for unseen words. */
    private static final double ALPHA = 0.5;
    /**
     * Naive Bayes' raw posteriors are near 0 or 1; scoring on the mean log-likelihood per word, scaled,
     * gives confidences that spread over (0, 1) and still rank the classes the same way.
     */
    private static final double SHARPNESS = 12.0;
    private static final int EVIDENCE_WORDS = 6;

    /** One labelled text, as words. */
    public record Example(List<String> words, Trigger label) {}

    /** The model's answer: the best trigger, its probability, the words that decided it, all probabilities. */
    public record Prediction(Trigger trigger, double confidence, List<String> evidence, Map<Trigger, Double> probabilities) {}

    private final Map<Trigger, Map<String, Double>> counts;
    private final Map<Trigger, Double> totals;
    private final int vocabulary;

    private TriggerModel(Map<Trigger, Map<String, Double>> counts) {
        this.counts = counts;
        this.totals = new EnumMap<>(Trigger.class);
        Set<String> vocab = new HashSet<>();
        counts.forEach((t, words) -> {
            totals.put(t, words.values().stream().mapToDouble(Double::doubleValue).sum());
            vocab.addAll(words.keySet());
        });
        this.vocabulary = vocab.size();
    }

    public static TriggerModel train(List<Example> examples) {
        Map<Trigger, Map<String, Double>> counts = new EnumMap<>(Trigger.class);
        for (Trigger t : Trigger.values()) {
            Map<String, Double> words = new HashMap<>();
            for (String phrase : TriggerLexicon.WORDS.get(t)) {
                for (String w : TriggerFeatures.of(phrase)) {
                    words.merge(w, TriggerLexicon.WEIGHT, Double::sum);
                }
            }
            counts.put(t, words);
        }
        for (Example e : examples) {
            Map<String, Double> words = counts.get(e.label());
            e.words().forEach(w -> words.merge(w, 1.0, Double::sum));
        }
        return new TriggerModel(counts);
    }

    public Prediction predict(List<String> words) {
        Map<String, Integer> freq = new HashMap<>();
        words.forEach(w -> freq.merge(w, 1, Integer::sum));
        Map<Trigger, Double> logLikelihood = new EnumMap<>(Trigger.class);
        for (Trigger t : Trigger.values()) {
            double sum = 0;
            for (Map.Entry<String, Integer> e : freq.entrySet()) {
                sum += e.getValue() * logP(e.getKey(), t);
            }
            logLikelihood.put(t, sum / Math.max(1, words.size()) * SHARPNESS);
        }
        double max = logLikelihood.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double norm = logLikelihood.values().stream().mapToDouble(v -> Math.exp(v - max)).sum();
        Map<Trigger, Double> probabilities = new EnumMap<>(Trigger.class);
        logLikelihood.forEach((t, v) -> probabilities.put(t, Math.exp(v - max) / norm));
        Trigger best = probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return new Prediction(best, probabilities.get(best), evidence(freq, best), probabilities);
    }

    /** The words that speak most for {@code trigger} over every other trigger, strongest first. */
    public List<String> evidence(List<String> words, Trigger trigger) {
        Map<String, Integer> freq = new HashMap<>();
        words.forEach(w -> freq.merge(w, 1, Integer::sum));
        return evidence(freq, trigger);
    }

    private List<String> evidence(Map<String, Integer> freq, Trigger trigger) {
        record Weighted(String word, double weight) {}
        List<Weighted> weighted = new ArrayList<>();
        for (Map.Entry<String, Integer> e : freq.entrySet()) {
            String w = e.getKey();
            double rival = Double.NEGATIVE_INFINITY;
            for (Trigger other : Trigger.values()) {
                if (other != trigger) {
                    rival = Math.max(rival, logP(w, other));
                }
            }
            double weight = e.getValue() * (logP(w, trigger) - rival);
            if (weight > 0 && counts.get(trigger).containsKey(w)) {
                weighted.add(new Weighted(w, weight));
            }
        }
        return weighted.stream()
                .sorted(Comparator.comparingDouble(Weighted::weight).reversed())
                .limit(EVIDENCE_WORDS)
                .map(Weighted::word)
                .toList();
    }

    private double logP(String word, Trigger t) {
        double count = counts.get(t).getOrDefault(word, 0.0);
        return Math.log((count + ALPHA) / (totals.get(t) + ALPHA * (vocabulary + 1)));
    }
}
