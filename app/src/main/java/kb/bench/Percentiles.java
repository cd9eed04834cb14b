package kb.bench;

/**
 * Nearest-rank percentiles of latencies, as every bench and the soak report them: the smallest sample with at
 * least the fraction {@code q} of all samples at or below it, without interpolation, so each figure is a latency
 * that was measured.
 */
public final class Percentiles {
    private Percentiles() {}

    /** The {@code q} (0 &lt; q ≤ 1) percentile in milliseconds of nanosecond samples sorted ascending; 0 when there are none. */
    public static double millis(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)] / 1e6;
    }
}
