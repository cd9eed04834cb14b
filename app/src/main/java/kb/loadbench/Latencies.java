package kb.loadbench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import kb.bench.Percentiles;

/**
 * Closed-loop load: {@code threads} clients each send the next request of a fixed mix as soon as the previous one
 * is answered, for a fixed time after a warm-up; every answer's latency is kept (each client measures at least one,
 * however slow). Percentiles are nearest-rank ({@link Percentiles}); requests per second over the time measured.
 */
final class Latencies {
    /** One request of the mix, given its number; throws when the answer is not what it should be. */
    @FunctionalInterface
    interface Request {
        void send(int n) throws Exception;
    }

    /** What a run measured. */
    record Result(int threads, long requests, double seconds, double p50, double p95, double p99) {
        double perSecond() { return requests / seconds; }
    }

    private Latencies() {}

    static Result run(int threads, double warmupSeconds, double seconds, Request request) throws Exception {
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        long[] finished = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            clients.add(Thread.ofPlatform().name("load-" + t).start(() -> {
                long[] mine = new long[1024];
                int n = 0;
                try {
                    for (int i = me; ; i += threads) {
                        long before = System.nanoTime();
                        if ((before >= end && n > 0) || failure.get() != null) {
                            break;
                        }
                        request.send(i);
                        long after = System.nanoTime();
                        if (before >= measureFrom) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = after - before;
                            finished[me] = after;
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    samples[me] = mine;
                    counts[me] = n;
                    done.countDown();
                }
            }));
        }
        done.await();
        for (Thread c : clients) {
            c.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed: " + failure.get().getMessage(), failure.get());
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        double measured = (Math.max(end, Arrays.stream(finished).max().orElse(end)) - measureFrom) / 1e9;
        return new Result(threads, total, measured, Percentiles.millis(all, 0.50), Percentiles.millis(all, 0.95),
                Percentiles.millis(all, 0.99));
    }
}
