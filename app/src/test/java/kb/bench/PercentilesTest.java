package kb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    private static final long MS = 1_000_000;

    @Test
    void nearestRankIsAMeasuredSample() {
        long[] hundred = LongStream.rangeClosed(1, 100).map(i -> i * MS).toArray();
        assertEquals(50, Percentiles.millis(hundred, 0.50));
        assertEquals(95, Percentiles.millis(hundred, 0.95));
        assertEquals(99, Percentiles.millis(hundred, 0.99));
        long[] ten = LongStream.rangeClosed(1, 10).map(i -> i * MS).toArray();
        assertEquals(5, Percentiles.millis(ten, 0.50));
        assertEquals(10, Percentiles.millis(ten, 0.95), "the slowest tenth rounds up to the slowest sample");
    }

    @Test
    void oneSampleIsEveryPercentileAndNoneIsZero() {
        assertEquals(1.5, Percentiles.millis(new long[] {1_500_000}, 0.50));
        assertEquals(1.5, Percentiles.millis(new long[] {1_500_000}, 0.99));
        assertEquals(0, Percentiles.millis(new long[0], 0.50));
    }
}
