package kb.web;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base the server reads, following ingests. Each request leases the live generation; when an
 * ingest publishes a new one, the next request opens it, and the old one is closed once its last lease ends,
 * so requests already running finish on the generation they started with.
 */
public final class LiveKnowledgeBase implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveKnowledgeBase.class);

    private final IndexDirectory dir;
    private Generation live; // guarded by this

    private LiveKnowledgeBase(IndexDirectory dir, KnowledgeBase first) {
        this.dir = dir;
        this.live = new Generation(first);
    }

    /** Opens the live generation of {@code dir}; fails like {@link KnowledgeBase#open} when there is none. */
    public static LiveKnowledgeBase open(IndexDirectory dir) throws IOException {
        return new LiveKnowledgeBase(dir, KnowledgeBase.open(dir));
    }

    /** The newest generation, leased until the lease is closed. */
    public Lease acquire() {
        Path current = currentGeneration();
        synchronized (this) {
            if (live == null) {
                throw new IllegalStateException("the knowledge base is closed");
            }
            if (current != null && !current.equals(live.kb.generation())) {
                switchTo(current);
            }
            live.refs.incrementAndGet();
            return new Lease(live);
        }
    }

    private Path currentGeneration() {
        try {
            return dir.current().orElse(null);
        } catch (IOException e) {
            return null; // CURRENT is being replaced or unreadable: keep serving what is open
        }
    }

    private void switchTo(Path generation) {
        KnowledgeBase fresh;
        try {
            fresh = KnowledgeBase.open(dir);
        } catch (IOException | UncheckedIOException e) {
            // An ingest may have replaced the generation again meanwhile; the next request tries again.
            LOG.warn("cannot open the new generation {}: {}", generation, e.getMessage());
            return;
        }
        Generation old = live;
        live = new Generation(fresh);
        old.release();
        LOG.info("knowledge base switched to {}", fresh.generation().getFileName());
    }

    @Override
    public synchronized void close() {
        if (live != null) {
            live.release();
            live = null;
        }
    }

    /** One generation and how many hold it: the server itself while it is live, plus each request. */
    private static final class Generation {
        final KnowledgeBase kb;
        final AtomicInteger refs = new AtomicInteger(1);

        Generation(KnowledgeBase kb) { this.kb = kb; }

        void release() {
            if (refs.decrementAndGet() == 0) {
                try {
                    kb.close();
                } catch (IOException e) {
                    LOG.warn("cannot close {}: {}", kb.generation(), e.getMessage());
                }
            }
        }
    }

    /** A request's hold on one generation. */
    public static final class Lease implements AutoCloseable {
        private final Generation generation;
        private boolean closed;

        private Lease(Generation generation) { this.generation = generation; }

        public KnowledgeBase kb() { return generation.kb; }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                generation.release();
            }
        }
    }
}
