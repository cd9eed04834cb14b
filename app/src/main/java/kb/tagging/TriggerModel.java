package kb.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kb.model.Trigger;

/**
 * Multinomial logistic regression over words (log term frequency, L2-normalised per text), trained by
 * full-batch gradient descent with L2 regularisation. Besides the given examples, the model always learns
 * from the {@link TriggerLexicon} (one text per trigger, so words the corpus lacks still carry prior
 * knowledge) and the {@link TriggerExamples} (reports in other organisations' styles).
 * <p>
 * Chosen over naive Bayes after 10-fold cross-validation on the shipped casebook (docs/tagging.md):
 * slightly more accurate, and its probabilities are usable as confidences without rescaling.
 */
public final class TriggerModel {
    private static final double L2 = 1e-3;
    private static final int EPOCHS = 300;
    private static final double LEARNING_RATE = 2.0;
    /** More than the tagger shows: several features may be one piece of the report's text ("採る", "採る 番"). */
    private static final int EVIDENCE_WORDS = 12;

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
        all.addAll(TriggerExamples.FEATURES);
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
        List<Vector> xs = all.stream().map(e -> features(vocabulary, idf, e.words())).toList();
        double[][] weights = new double[CLASSES][bias + 1];
        double[][] gradient = new double[CLASSES][bias + 1];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (double[] row : gradient) {
                Arrays.fill(row, 0);
            }
            for (int i = 0; i < xs.size(); i++) {
                Vector x = xs.get(i);
                double[] p = softmax(weights, x);
                int y = all.get(i).label().ordinal();
                for (int c = 0; c < CLASSES; c++) {
                    double error = p[c] - (c == y ? 1 : 0);
                    double[] g = gradient[c];
                    for (int k = 0; k < x.index.length; k++) {
                        g[x.index[k]] += error * x.value[k];
                    }
                    g[bias] += error;
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
        Vector x = features(vocabulary, idf, text);
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

    private List<String> evidence(Vector x, Trigger trigger) {
        int c = trigger.ordinal();
        record Weighted(String word, double weight) {}
        List<Weighted> weighted = new ArrayList<>();
        for (int k = 0; k < x.index.length; k++) {
            int j = x.index[k];
            double rival = Double.NEGATIVE_INFINITY;
            for (int other = 0; other < CLASSES; other++) {
                if (other != c) {
                    rival = Math.max(rival, weights[other][j]);
                }
            }
            double weight = (weights[c][j] - rival) * x.value[k];
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
    private static Vector features(Map<String, Integer> vocabulary, double[] idf, List<String> text) {
        Map<Integer, Double> tf = new TreeMap<>();
        for (String word : text) {
            Integer j = vocabulary.get(word);
            if (j != null) {
                tf.merge(j, 1.0, Double::sum);
            }
        }
        int[] index = new int[tf.size()];
        double[] value = new double[tf.size()];
        int k = 0;
        double norm = 0;
        for (Map.Entry<Integer, Double> f : tf.entrySet()) {
            index[k] = f.getKey();
            value[k] = Math.log1p(f.getValue()) * idf[f.getKey()];
            norm += value[k] * value[k];
            k++;
        }
        norm = Math.sqrt(norm);
        for (k = 0; norm > 0 && k < value.length; k++) {
            value[k] /= norm;
        }
        return new Vector(index, value);
    }

    /** A text's features, sparse: the few hundred words it has out of the vocabulary's tens of thousands. */
    private record Vector(int[] index, double[] value) {}

    private static double[] softmax(double[][] weights, Vector x) {
        int bias = weights[0].length - 1;
        double[] z = new double[CLASSES];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            double s = weights[c][bias];
            for (int k = 0; k < x.index.length; k++) {
                s += weights[c][x.index[k]] * x.value[k];
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
