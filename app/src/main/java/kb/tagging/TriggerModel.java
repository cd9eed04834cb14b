package kb.tagging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kb.model.Trigger;

/**
 * Multinomial logistic regression over words (log term frequency, L2-normalised per text), trained by
 * full-batch gradient descent with L2 regularisation. The {@link TriggerLexicon} joins the training data
 * as one extra text per trigger, so words the corpus lacks still carry prior knowledge.
 * <p>
 * Chosen over naive Bayes after 10-fold cross-validation on the shipped casebook (docs/tagging.md):
 * slightly more accurate, and its probabilities are usable as confidences without rescaling.
 */
public final class TriggerModel {
    private static final double L2 = 1e-3;
    private static final int EPOCHS = 300;
    private static final double LEARNING_RATE = 2.0;
    private static final int EVIDENCE_WORDS = 6;

    /** One labelled text, as words. */
    public record Example(List<String> words, Trigger label) {}

    /** The model's answer: the best trigger, its probability, the words that decided it, all probabilities. */
    public record Prediction(Trigger trigger, double confidence, List<String> evidence, Map<Trigger, Double> probabilities) {}

    private static final int CLASSES = Trigger.values().length;

    private final Map<String, Integer> vocabulary;
    private final double[] idf;
    private final List<String> words;
    /** weights[class][feature]; the last feature is the bias. */
    private final double[][] weights;

    private TriggerModel(Map<String, Integer> vocabulary, double[] idf, double[][] weights) {
        this.vocabulary = vocabulary;
        this.idf = idf;
        this.weights = weights;
        String[] byIndex = new String[vocabulary.size()];
        vocabulary.forEach((w, i) -> byIndex[i] = w);
        this.words = List.of(byIndex);
    }

    public static TriggerModel train(List<Example> examples) {
        List<Example> all = new ArrayList<>(examples);
        for (Trigger t : Trigger.values()) {
            all.add(new Example(TriggerFeatures.of(TriggerLexicon.TEXTS.get(t)), t));
        }
        Map<String, Integer> vocabulary = new HashMap<>();
        all.forEach(e -> e.words().forEach(w -> vocabulary.putIfAbsent(w, vocabulary.size())));
        int bias = vocabulary.size();
        double[] idf = new double[bias];
        for (Example e : all) {
            e.words().stream().distinct().forEach(w -> idf[vocabulary.get(w)]++);
        }
        for (int j = 0; j < bias; j++) {
            idf[j] = Math.log((1.0 + all.size()) / (1.0 + idf[j])) + 1;
        }
        List<Map<Integer, Double>> xs = all.stream().map(e -> features(vocabulary, idf, e.words())).toList();
        double[][] weights = new double[CLASSES][bias + 1];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double[][] gradient = new double[CLASSES][bias + 1];
            for (int i = 0; i < xs.size(); i++) {
                double[] p = softmax(weights, xs.get(i));
                int y = all.get(i).label().ordinal();
                for (int c = 0; c < CLASSES; c++) {
                    double error = p[c] - (c == y ? 1 : 0);
                    for (Map.Entry<Integer, Double> f : xs.get(i).entrySet()) {
                        gradient[c][f.getKey()] += error * f.getValue();
                    }
                    gradient[c][bias] += error;
                }
            }
            for (int c = 0; c < CLASSES; c++) {
                for (int j = 0; j <= bias; j++) {
                    weights[c][j] -= LEARNING_RATE * (gradient[c][j] / xs.size() + L2 * weights[c][j]);
                }
            }
        }
        return new TriggerModel(vocabulary, idf, weights);
    }

    public Prediction predict(List<String> text) {
        Map<Integer, Double> x = features(vocabulary, idf, text);
        double[] p = softmax(weights, x);
        Map<Trigger, Double> probabilities = new EnumMap<>(Trigger.class);
        Trigger best = Trigger.values()[0];
        for (Trigger t : Trigger.values()) {
            probabilities.put(t, p[t.ordinal()]);
            if (p[t.ordinal()] > p[best.ordinal()]) {
                best = t;
            }
        }
        return new Prediction(best, p[best.ordinal()], evidence(x, best), probabilities);
    }

    /** The words of {@code text} that speak most for {@code trigger} over the other triggers, strongest first. */
    public List<String> evidence(List<String> text, Trigger trigger) {
        return evidence(features(vocabulary, idf, text), trigger);
    }

    private List<String> evidence(Map<Integer, Double> x, Trigger trigger) {
        int c = trigger.ordinal();
        record Weighted(String word, double weight) {}
        List<Weighted> weighted = new ArrayList<>();
        for (Map.Entry<Integer, Double> f : x.entrySet()) {
            int j = f.getKey();
            double rival = Double.NEGATIVE_INFINITY;
            for (int other = 0; other < CLASSES; other++) {
                if (other != c) {
                    rival = Math.max(rival, weights[other][j]);
                }
            }
            double weight = (weights[c][j] - rival) * f.getValue();
            if (weight > 0) {
                weighted.add(new Weighted(words.get(j), weight));
            }
        }
        return weighted.stream()
                .sorted(Comparator.comparingDouble(Weighted::weight).reversed())
                .limit(EVIDENCE_WORDS)
                .map(Weighted::word)
                .toList();
    }

    /**
     * Log term frequency times inverse document frequency, L2-normalised: words every report uses
     * (影響, 再発防止) weigh little, and long and short reports weigh the same.
     */
    private static Map<Integer, Double> features(Map<String, Integer> vocabulary, double[] idf, List<String> text) {
        Map<Integer, Double> x = new HashMap<>();
        for (String word : text) {
            Integer j = vocabulary.get(word);
            if (j != null) {
                x.merge(j, 1.0, Double::sum);
            }
        }
        x.replaceAll((j, tf) -> Math.log1p(tf) * idf[j]);
        double norm = Math.sqrt(x.values().stream().mapToDouble(v -> v * v).sum());
        if (norm > 0) {
            x.replaceAll((j, v) -> v / norm);
        }
        return x;
    }

    private static double[] softmax(double[][] weights, Map<Integer, Double> x) {
        int bias = weights[0].length - 1;
        double[] z = new double[CLASSES];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            double s = weights[c][bias];
            for (Map.Entry<Integer, Double> f : x.entrySet()) {
                s += weights[c][f.getKey()] * f.getValue();
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < CLASSES; c++) {
            z[c] /= sum;
        }
        return z;
    }
}
