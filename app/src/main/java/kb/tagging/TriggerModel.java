package kb.tagging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
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
    /** Written first by {@link #toBytes}: a model of another layout is retrained, never misread. */
    private static final int FORMAT = 1;

    /** One labelled text, as words. */
    public record Example(List<String> words, Trigger label) {}

    /** The model's answer: the best trigger, its probability, the words that decided it, all probabilities. */
    public record Prediction(Trigger trigger, double confidence, List<String> evidence, Map<Trigger, Double> probabilities) {}

    private static final int CLASSES = Trigger.values().length;
    /**
     * The training examples are split into this many chunks whose gradients are summed in a fixed order: as fast as
     * two cores allow, and the same model on any machine (each chunk's gradient is as long as the vocabulary, so
     * more chunks cost more memory traffic than they save).
     */
    private static final int CHUNKS = 2;

    private final Map<String, Integer> vocabulary;
    private final double[] idf;
    private final List<String> words;
    /** weights[feature * CLASSES + class], the classes of one feature side by side; the last feature is the bias. */
    private final double[] weights;

    private TriggerModel(List<String> words, double[] idf, double[] weights) {
        this.words = List.copyOf(words);
        this.idf = idf;
        this.weights = weights;
        this.vocabulary = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) {
            vocabulary.put(words.get(i), i);
        }
    }

    public static TriggerModel train(List<Example> examples) {
        List<Example> all = new ArrayList<>(examples);
        for (Trigger t : Trigger.values()) {
            all.add(new Example(TriggerFeatures.of(TriggerLexicon.TEXTS.get(t)), t));
        }
        all.addAll(TriggerExamples.FEATURES);
        Map<String, Integer> vocabulary = new HashMap<>();
        List<String> words = new ArrayList<>();
        all.forEach(e -> e.words().forEach(w -> {
            if (vocabulary.putIfAbsent(w, vocabulary.size()) == null) {
                words.add(w);
            }
        }));
        int bias = vocabulary.size();
        double[] idf = new double[bias];
        for (Example e : all) {
            e.words().stream().distinct().forEach(w -> idf[vocabulary.get(w)]++);
        }
        for (int j = 0; j < bias; j++) {
            idf[j] = Math.log((1.0 + all.size()) / (1.0 + idf[j])) + 1;
        }
        List<Vector> xs = all.stream().map(e -> features(vocabulary, idf, e.words())).toList();
        int[] ys = all.stream().mapToInt(e -> e.label().ordinal()).toArray();
        double[] weights = new double[(bias + 1) * CLASSES];
        double[][] gradients = new double[CHUNKS][weights.length];
        int chunk = (xs.size() + CHUNKS - 1) / CHUNKS;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            IntStream.range(0, CHUNKS).parallel().forEach(k -> {
                double[] g = gradients[k];
                Arrays.fill(g, 0);
                for (int i = k * chunk; i < Math.min(xs.size(), (k + 1) * chunk); i++) {
                    Vector x = xs.get(i);
                    double[] error = softmax(weights, x);
                    error[ys[i]] -= 1;
                    for (int n = 0; n < x.index.length; n++) {
                        int base = x.index[n] * CLASSES;
                        for (int c = 0; c < CLASSES; c++) {
                            g[base + c] += error[c] * x.value[n];
                        }
                    }
                    for (int c = 0; c < CLASSES; c++) {
                        g[bias * CLASSES + c] += error[c];
                    }
                }
            });
            for (int j = 0; j < weights.length; j++) {
                double g = 0;
                for (double[] gradient : gradients) {
                    g += gradient[j];
                }
                weights[j] -= LEARNING_RATE * (g / xs.size() + L2 * weights[j]);
            }
        }
        return new TriggerModel(words, idf, weights);
    }

    public Prediction predict(List<String> text) {
        return predict(features(vocabulary, idf, text));
    }

    /** {@link #predict(List)} of a text given as the indices of its features ({@link FeatureIndex}; -1 for unknown ones). */
    public Prediction predict(int[] features) {
        return predict(features(idf, features));
    }

    private Prediction predict(Vector x) {
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

    /** {@link #evidence(List, Trigger)} of a text given as feature indices. */
    public List<String> evidence(int[] features, Trigger trigger) {
        return evidence(features(idf, features), trigger);
    }

    /** Every feature the model knows, by index. */
    public List<String> features() {
        return words;
    }

    private List<String> evidence(Vector x, Trigger trigger) {
        int c = trigger.ordinal();
        // The strongest few, kept in order as found: a full sort of every weight is the costly part when a new
        // model re-tags 100,000 cases.
        int[] best = new int[EVIDENCE_WORDS];
        double[] bestWeight = new double[EVIDENCE_WORDS];
        int found = 0;
        for (int k = 0; k < x.index.length; k++) {
            int j = x.index[k];
            double rival = Double.NEGATIVE_INFINITY;
            for (int other = 0; other < CLASSES; other++) {
                if (other != c) {
                    rival = Math.max(rival, weights[j * CLASSES + other]);
                }
            }
            double weight = (weights[j * CLASSES + c] - rival) * x.value[k];
            if (weight <= 0 || (found == EVIDENCE_WORDS && weight <= bestWeight[found - 1])) {
                continue;
            }
            int at = found == EVIDENCE_WORDS ? found - 1 : found++;
            // Ties keep the feature found first (the lower index), as a stable sort of all of them would.
            while (at > 0 && bestWeight[at - 1] < weight) {
                best[at] = best[at - 1];
                bestWeight[at] = bestWeight[at - 1];
                at--;
            }
            best[at] = j;
            bestWeight[at] = weight;
        }
        List<String> evidence = new ArrayList<>(found);
        for (int i = 0; i < found; i++) {
            evidence.add(words.get(best[i]));
        }
        return evidence;
    }

    /** The model as bytes, to keep with a generation: {@link #fromBytes} gives it back exactly. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(FORMAT);
            out.writeInt(words.size());
            for (String w : words) {
                out.writeUTF(w);
            }
            for (double d : idf) {
                out.writeDouble(d);
            }
            for (double w : weights) {
                out.writeDouble(w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static TriggerModel fromBytes(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(bytes)))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("a trigger model of another format");
            }
            int n = in.readInt();
            List<String> words = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                words.add(in.readUTF());
            }
            double[] idf = new double[n];
            for (int i = 0; i < n; i++) {
                idf[i] = in.readDouble();
            }
            double[] weights = new double[(n + 1) * CLASSES];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = in.readDouble();
            }
            return new TriggerModel(words, idf, weights);
        }
    }

    /**
     * Log term frequency times inverse document frequency, L2-normalised: words every report uses
     * (影響, 再発防止) weigh little, and long and short reports weigh the same.
     */
    private static Vector features(Map<String, Integer> vocabulary, double[] idf, List<String> text) {
        int[] ids = new int[text.size()];
        int n = 0;
        for (String word : text) {
            Integer j = vocabulary.get(word);
            if (j != null) {
                ids[n++] = j;
            }
        }
        return vector(idf, ids, n);
    }

    private static Vector features(double[] idf, int[] indices) {
        int[] ids = new int[indices.length];
        int n = 0;
        for (int j : indices) {
            if (j >= 0) {
                ids[n++] = j;
            }
        }
        return vector(idf, ids, n);
    }

    /** The first {@code n} of {@code ids} (feature indices, in any order, repeated as often as they occur) as a vector. */
    private static Vector vector(double[] idf, int[] ids, int n) {
        Arrays.sort(ids, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) {
                distinct++;
            }
        }
        int[] index = new int[distinct];
        double[] value = new double[distinct];
        double norm = 0;
        for (int i = 0, k = -1; i < n; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) {
                index[++k] = ids[i];
            }
            value[k]++;
        }
        for (int k = 0; k < distinct; k++) {
            value[k] = Math.log1p(value[k]) * idf[index[k]];
            norm += value[k] * value[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; norm > 0 && k < distinct; k++) {
            value[k] /= norm;
        }
        return new Vector(index, value);
    }

    /** A text's features, sparse: the few hundred words it has out of the vocabulary's tens of thousands. */
    private record Vector(int[] index, double[] value) {}

    private static double[] softmax(double[] weights, Vector x) {
        int bias = weights.length / CLASSES - 1;
        double[] z = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            z[c] = weights[bias * CLASSES + c];
        }
        for (int k = 0; k < x.index.length; k++) {
            int base = x.index[k] * CLASSES;
            double v = x.value[k];
            for (int c = 0; c < CLASSES; c++) {
                z[c] += weights[base + c] * v;
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            max = Math.max(max, z[c]);
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
