package kb.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The paired difference of two systems' per-query scores, with a percentile bootstrap 95 % interval:
 * the queries are resampled with replacement {@value #RESAMPLES} times (fixed seed, so runs repeat) and the
 * mean difference taken each time. An interval wholly above zero says the first system is better on queries
 * like these, not just on these.
 */
public final class Bootstrap {
    static final int RESAMPLES = 10_000;
    private static final long SEED = 20261206L;

    /** Mean of {@code a[i] - b[i]} and its 95 % interval. */
    public record Difference(double mean, double low, double high) {
        public boolean aboveZero() { return low > 0; }
    }

    private Bootstrap() {}

    public static Difference paired(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired scores need the same queries: " + a.length + " vs " + b.length);
        }
        int n = a.length;
        if (n == 0) {
            return new Difference(0, 0, 0);
        }
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = a[i] - b[i];
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += diff[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new Difference(Arrays.stream(diff).average().orElse(0),
                means[(int) Math.floor(0.025 * (RESAMPLES - 1))], means[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
    }
}
