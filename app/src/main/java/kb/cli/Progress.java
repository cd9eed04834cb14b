package kb.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Shows a long command's progress on stderr: a bar redrawn in place on a terminal, otherwise (a log, CI) a line
 * every few seconds — what is being done, how many of how many, how fast, and the time left. Quiet for the
 * first second, so short runs print nothing.
 */
final class Progress implements AutoCloseable {
    /** A snapshot: the step being done and its count so far; {@code total} 0 when not known yet. */
    record Status(String step, long done, long total) {}

    private static final long QUIET_MILLIS = 1000;
    private static final long TERMINAL_MILLIS = 250;
    private static final long LOG_MILLIS = 5000;
    private static final int BAR = 24;

    private final Supplier<Status> status;
    private final PrintWriter err;
    private final boolean terminal = Boolean.getBoolean("kb.tty");
    private final Thread thread;
    private String step;
    private long stepStart;
    private boolean drawn;

    private Progress(Supplier<Status> status, PrintWriter err) {
        this.status = status;
        this.err = err;
        this.thread = Thread.ofPlatform().daemon().name("kb-progress").unstarted(this::run);
    }

    static Progress start(Supplier<Status> status, PrintWriter err) {
        Progress p = new Progress(status, err);
        p.thread.start();
        return p;
    }

    /** One step of {@code total} items counted by {@code done}. */
    static Progress start(String step, long total, java.util.function.LongSupplier done, PrintWriter err) {
        return start(() -> new Status(step, done.getAsLong(), total), err);
    }

    private void run() {
        long started = System.currentTimeMillis();
        long lastLine = started;
        try {
            Thread.sleep(QUIET_MILLIS);
            while (true) {
                Status s = status.get();
                long now = System.currentTimeMillis();
                if (!s.step().equals(step)) {
                    step = s.step();
                    stepStart = now;
                }
                if (terminal) {
                    draw(s, now);
                } else if (now - lastLine >= LOG_MILLIS) {
                    err.println(line(s, now));
                    lastLine = now;
                }
                Thread.sleep(terminal ? TERMINAL_MILLIS : 500);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void draw(Status s, long now) {
        String bar = "";
        if (s.total() > 0) {
            int filled = (int) Math.min(BAR, BAR * s.done() / s.total());
            bar = "[" + "█".repeat(filled) + "░".repeat(BAR - filled) + "] ";
        }
        err.print("\r\033[K" + bar + line(s, now));
        err.flush();
        drawn = true;
    }

    private String line(Status s, long now) {
        double seconds = Math.max(0.001, (now - stepStart) / 1000.0);
        double rate = s.done() / seconds;
        if (s.done() == 0 && s.total() == 0) {
            return s.step() + "…";
        }
        StringBuilder text = new StringBuilder(s.step()).append(' ').append("%,d".formatted(s.done()));
        if (s.total() > 0) {
            text.append('/').append("%,d".formatted(s.total()));
        }
        text.append(" 件");
        if (s.done() > 0) {
            text.append("  %,.0f 件/秒".formatted(rate));
            if (s.total() > s.done()) {
                text.append("  残り約 %,.0f 秒".formatted((s.total() - s.done()) / rate));
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
