package kb.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** A value computed on first use, once, by whichever thread asks first. */
final class Lazy<T> implements Supplier<T> {
    /** A computation that may fail reading the index. */
    @FunctionalInterface
    interface Computation<T> {
        T compute() throws IOException;
    }

    private final Computation<T> computation;
    private volatile T value;

    Lazy(Computation<T> computation) { this.computation = computation; }

    /** The value if it was computed, else null (without computing it). */
    T ifBuilt() { return value; }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    try {
                        v = computation.compute();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    value = v;
                }
            }
        }
        return v;
    }
}
