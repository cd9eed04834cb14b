package kb.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import kb.model.CaseRecord;
import kb.model.CaseSummary;
import kb.model.Lesson;
import kb.model.Theme;
import kb.search.CaseSearcher;
import kb.search.SearchRequest;

/**
 * A generation of a knowledge base, opened for reading: its case database, asked for what a page shows, and its
 * index. Nothing of the corpus is held in memory but the themes and a few counts, computed once. Counted
 * references: the server hands one generation to many requests and closes it when the last is done
 * ({@link #close()} gives up the opener's reference).
 */
public final class KnowledgeBase implements Closeable {
    private final Path generation;
    private final CaseStore store;
    private final CaseContents contents;
    private final CaseSearcher searcher;
    private final List<Theme> themes;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile CaseStore.Counts counts;
    private volatile CaseStore.LessonCounts lessonCounts;
    private volatile Map<String, Integer> patternCounts;

    private KnowledgeBase(Path generation, CaseStore store, CaseContents contents, CaseSearcher searcher) throws IOException {
        this.generation = generation;
        this.store = store;
        this.contents = contents;
        this.searcher = searcher;
        this.themes = store.themes();
    }

    /** Opens the live generation of {@code dir}; {@link NoKnowledgeBaseException} when nothing was ingested. */
    public static KnowledgeBase open(IndexDirectory dir) throws IOException {
        while (true) {
            Path generation = dir.current().orElseThrow(() -> new NoKnowledgeBaseException(dir.root()));
            try {
                return open(generation);
            } catch (IOException e) {
                // An ingest may have switched generations and removed this one between the two steps: open the new one.
                if (generation.equals(dir.current().orElse(null))) {
                    throw e;
                }
            }
        }
    }

    /** Opens one generation. */
    public static KnowledgeBase open(Path generation) throws IOException {
        CaseStore store = CaseStore.open(IndexDirectory.casesDatabase(generation));
        CaseSearcher searcher = null;
        CaseContents contents = null;
        try {
            // One Lucene reader for the search and the stored contents alike.
            searcher = CaseSearcher.open(IndexDirectory.luceneIndex(generation));
            contents = CaseContents.sharing(searcher.reader());
            return new KnowledgeBase(generation, store, contents, searcher);
        } catch (IOException | RuntimeException e) {
            store.close();
            if (contents != null) {
                contents.close();
            }
            if (searcher != null) {
                searcher.close();
            }
            throw e;
        }
    }

    public Path generation() { return generation; }

    /** How many cases the generation holds. */
    public int count() { return counts().total(); }

    public Optional<CaseRecord> find(String id) {
        return read(() -> {
            CaseContents.Stored stored = contents.get(id);
            return stored == null ? Optional.empty() : store.find(id, stored.content());
        });
    }

    public Optional<Lesson> lesson(String lessonId) { return read(() -> store.lesson(lessonId)); }

    public List<Lesson> lessonsOf(String caseId) { return read(() -> store.lessonsOf(caseId)); }

    /** The titles of those of {@code ids} that are cases of this generation. */
    public Map<String, String> titles(Collection<String> ids) { return read(() -> store.titles(ids)); }

    /** A page of cases, newest first; of one trigger (its slug), or of all when {@code trigger} is null. */
    public List<CaseSummary> newest(String trigger, int offset, int limit) {
        return read(() -> store.newest(trigger, offset, limit));
    }

    /** Counts by trigger, year and industry (computed once: a generation never changes). */
    public CaseStore.Counts counts() {
        CaseStore.Counts c = counts;
        if (c == null) {
            c = read(store::counts);
            counts = c;
        }
        return c;
    }

    /** How many lessons there are (counted once). */
    public int lessonCount() {
        return lessonCounts().total();
    }

    /**
     * The lessons {@code offset} to {@code offset + limit} of {@code theme} (null: of every theme) in the order the
     * lessons page lists them: by theme in the vocabulary's order, lessons without a theme last, newest case first
     * within a theme. Read theme by theme from where the page starts in each, with the counts known: one sorted
     * list of 300,000 lessons would take seconds to skip through.
     */
    public List<CaseStore.LessonInCase> lessonsPage(String theme, int offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
        }
        CaseStore.LessonCounts counts = lessonCounts();
        List<String> order = new ArrayList<>();
        if (theme != null) {
            order.add(theme);
        } else {
            themes.forEach(t -> order.add(t.name()));
            order.add(null);
        }
        List<CaseStore.LessonInCase> page = new ArrayList<>();
        int skip = offset;
        for (String t : order) {
            int n = t == null ? counts.withoutTheme() : counts.byTheme().getOrDefault(t, 0);
            if (skip >= n) {
                skip -= n;
                continue;
            }
            int from = skip;
            int take = Math.min(limit - page.size(), n - skip);
            page.addAll(read(() -> store.lessonsOfTheme(t, from, take)));
            skip = 0;
            if (page.size() == limit) {
                break;
            }
        }
        return page;
    }

    /** How many lessons each theme has, by theme name (computed once). */
    public Map<String, Integer> lessonsByTheme() {
        return lessonCounts().byTheme();
    }

    private CaseStore.LessonCounts lessonCounts() {
        CaseStore.LessonCounts c = lessonCounts;
        if (c == null) {
            c = read(store::lessonCounts);
            lessonCounts = c;
        }
        return c;
    }

    /** How many cases each failure pattern has, most first (computed once, by the index's facets). */
    public Map<String, Integer> patternCounts() {
        Map<String, Integer> c = patternCounts;
        if (c == null) {
            c = Collections.unmodifiableMap(new LinkedHashMap<>(read(
                    () -> searcher.search(SearchRequest.of("", 1)).facets().getOrDefault("pattern", Map.of()))));
            patternCounts = c;
        }
        return c;
    }

    /** Every lesson, newest case first, until {@code visitor} answers false. */
    public void lessons(CaseStore.LessonVisitor visitor) {
        read(() -> {
            store.lessons(visitor);
            return null;
        });
    }

    /** Every case, newest first, one at a time: for commands and tests, never for a page. */
    public void forEachCase(Consumer<CaseRecord> action) {
        read(() -> {
            store.forEachCase(id -> {
                CaseContents.Stored stored = contents.get(id);
                if (stored == null) {
                    throw new IOException("the index of " + generation + " lacks the case " + id);
                }
                return stored.content();
            }, action);
            return null;
        });
    }

    public List<Theme> themes() { return themes; }

    public CaseSearcher searcher() { return searcher; }

    /** Takes one more reference, unless the last one is gone already. */
    public boolean tryIncRef() {
        for (int n = references.get(); n > 0; n = references.get()) {
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives up one reference; the last one closes the database and the index. */
    public void decRef() throws IOException {
        int left = references.decrementAndGet();
        if (left == 0) {
            store.close();
            contents.close();
            searcher.close();
        } else if (left < 0) {
            throw new IllegalStateException("the knowledge base " + generation + " was released too often");
        }
    }

    public int refCount() { return references.get(); }

    @Override
    public void close() throws IOException { decRef(); }

    /** A read of the store; its failure is the server's, not the user's. */
    @FunctionalInterface
    private interface Read<T> {
        T get() throws IOException;
    }

    private static <T> T read(Read<T> read) {
        try {
            return read.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No ingest has completed in the directory yet. */
    public static final class NoKnowledgeBaseException extends IOException {
        public NoKnowledgeBaseException(Path dir) {
            super("no knowledge base in " + dir + ": run 'tools/kb ingest' first");
        }
    }
}
