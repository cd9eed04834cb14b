package kb.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.apache.lucene.search.ReferenceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base the server reads, following ingests: Lucene's {@link ReferenceManager} over generations.
 * Requests lease the live generation and never touch the file system for it; a background thread watches
 * {@code CURRENT} (file-system events, and a poll every second as a fallback) and opens a new generation when an
 * ingest publishes one. Requests already running finish on the generation they started with, which is closed when
 * the last of them is done. A generation that cannot be opened leaves the old one serving; the failure is logged
 * once and retried with a growing delay.
 */
public final class LiveKnowledgeBase extends ReferenceManager<KnowledgeBase> {
    private static final Logger LOG = LoggerFactory.getLogger(LiveKnowledgeBase.class);
    private static final long POLL_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 60_000;

    private final IndexDirectory dir;
    private final WatchService watch;
    private final Thread refresher;
    // Of the background thread only:
    private Path failed;
    private int failures;
    private long retryAt;

    private LiveKnowledgeBase(IndexDirectory dir, KnowledgeBase first) throws IOException {
        this.dir = dir;
        this.current = first;
        this.watch = dir.root().getFileSystem().newWatchService();
        dir.root().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        addListener(new RefreshListener() {
            @Override
            public void beforeRefresh() {}

            @Override
            public void afterRefresh(boolean didRefresh) throws IOException {
                if (didRefresh) {
                    LOG.info("knowledge base switched to {}", generation().getFileName());
                }
            }
        });
        this.refresher = Thread.ofPlatform().daemon().name("kb-generations").start(this::follow);
    }

    /** Opens the live generation of {@code dir}; fails like {@link KnowledgeBase#open} when there is none. */
    public static LiveKnowledgeBase open(IndexDirectory dir) throws IOException {
        KnowledgeBase first = KnowledgeBase.open(dir);
        try {
            return new LiveKnowledgeBase(dir, first);
        } catch (IOException | RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /** The live generation, held until the lease is closed. */
    public Lease lease() {
        try {
            return new Lease(acquire());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request's hold on one generation. */
    public final class Lease implements AutoCloseable {
        private final KnowledgeBase kb;
        private boolean closed;

        private Lease(KnowledgeBase kb) { this.kb = kb; }

        public KnowledgeBase kb() { return kb; }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    release(kb);
                } catch (IOException e) {
                    LOG.warn("cannot close {}: {}", kb.generation(), e.getMessage());
                }
            }
        }
    }

    private void follow() {
        while (true) {
            try {
                WatchKey key = watch.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                check();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
        }
    }

    /** Switches to the published generation when it is new, unless it failed to open and its retry is not due. */
    private void check() {
        Path published;
        try {
            published = dir.current().orElse(null);
        } catch (IOException e) {
            return; // CURRENT is being replaced: next time
        }
        if (published == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (published.equals(failed) && now < retryAt) {
            return;
        }
        try {
            maybeRefreshBlocking();
            if (published.equals(failed)) {
                LOG.warn("the generation {} opened after {} failed attempts", published.getFileName(), failures);
            }
            failed = null;
            failures = 0;
        } catch (IOException | RuntimeException e) {
            if (!published.equals(failed)) {
                failed = published;
                failures = 0;
                LOG.warn("cannot open the new generation {} (still serving {}; retrying with backoff): {}",
                        published.getFileName(), generationName(), e.getMessage());
            }
            failures++;
            retryAt = now + Math.min(MAX_BACKOFF_MILLIS, POLL_MILLIS << Math.min(failures, 10));
        }
    }

    private Path generation() throws IOException {
        KnowledgeBase kb = acquire();
        try {
            return kb.generation();
        } finally {
            release(kb);
        }
    }

    private String generationName() {
        try {
            return generation().getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    @Override
    protected KnowledgeBase refreshIfNeeded(KnowledgeBase live) throws IOException {
        Path published = dir.current().orElse(null);
        return published == null || published.equals(live.generation()) ? null : KnowledgeBase.open(published);
    }

    @Override
    protected boolean tryIncRef(KnowledgeBase kb) { return kb.tryIncRef(); }

    @Override
    protected void decRef(KnowledgeBase kb) throws IOException { kb.decRef(); }

    @Override
    protected int getRefCount(KnowledgeBase kb) { return kb.refCount(); }

    /** After {@link #close()}: stops following ingests (the live generation closes once its last lease ends). */
    @Override
    protected void afterClose() throws IOException {
        refresher.interrupt();
        watch.close();
    }
}
