package kb.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kb.corpus.CaseFileException;
import kb.corpus.CaseParser;
import kb.corpus.CorpusReader;
import kb.corpus.CorpusReader.CaseFile;
import kb.corpus.Problem;
import kb.model.Case;
import kb.model.CaseRecord;
import kb.model.Tagging;
import kb.model.Theme;
import kb.search.CaseAnalysis;
import kb.search.CaseIndexer;
import kb.search.CaseText;
import kb.store.CaseContents;
import kb.store.CaseRows;
import kb.store.CaseStoreWriter;
import kb.store.CaseStoreWriter.FileEntry;
import kb.store.CaseStoreWriter.StoredCase;
import kb.store.IndexDirectory;
import kb.tagging.FeatureIndex;
import kb.tagging.ReadingCodec;
import kb.tagging.ReadingCodec.StringTable;
import kb.tagging.TriggerFeatures;
import kb.tagging.TriggerModel;
import kb.tagging.TriggerTagger;

/**
 * Builds a complete new generation: from the previous one when it was built by the same code with the same themes
 * (its Lucene segments linked, its case database copied, then only what changed is read, analysed and written),
 * otherwise from nothing. Files are read, parsed, analysed (once), tagged, stored and indexed by as many threads as
 * there are cores, streaming: memory holds the cases in flight, not the corpus. The trigger model is kept in the
 * generation and trained again only when its inputs change; then every case not read again is re-tagged from the
 * reading stored with it.
 */
final class GenerationBuilder implements AutoCloseable {
    static final String FINGERPRINT = "fingerprint";
    static final String MODEL = "model";
    static final String MODEL_KEY = "model_key";
    /** A file changed this close to the ingest's start may change again within the file system's time resolution. */
    private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    /** Store operations waiting for the writer thread: bounds memory, lets workers run ahead a little. */
    private static final int STORE_QUEUE = 512;

    /** What the build did, and what the report needs from the new database. */
    record Built(Path generation, boolean incremental, int read, int changed, int removed, boolean trained, int retagged,
                 Map<String, Map<String, Integer>> taggingCounts, List<CaseStoreWriter.Inferred> lowConfidence,
                 List<CaseStoreWriter.Disagreement> disagreements, CaseStoreWriter.FileProblems fileProblems) {}

    private final Ingest.Options options;
    private final List<Theme> themes;
    private CorpusReader.Scan scan;
    private final Ingest.Progress progress;
    private final long startedNanos = System.currentTimeMillis() * 1_000_000L;
    private final Path generation;
    private final CaseStoreWriter store;
    private final CaseIndexer index;
    private final boolean incremental;
    private final Map<String, FileEntry> previousFiles;
    /** The previous generation's stored contents and readings (null when building from nothing). */
    private final CaseContents previousContents;
    /** Cases deleted by this ingest (their files are gone, or now rejected). */
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final StringTable strings;
    private final CaseParser parser;
    private final ExecutorService workers = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "kb-ingest");
        t.setDaemon(true);
        return t;
    });

    /** Starts a generation in {@code generation} (an empty directory), from {@code previous} when it may be reused. */
    GenerationBuilder(Path generation, Path previous, Ingest.Options options, List<Theme> themes, Ingest.Progress progress)
            throws IOException {
        this.generation = generation;
        this.options = options;
        this.themes = themes;
        this.progress = progress;
        this.parser = new CaseParser(themes.stream().map(Theme::name).collect(Collectors.toSet()));
        String fingerprint = Fingerprint.of(themes);
        Previous reused = previous == null || options.full() ? null : reuse(previous, fingerprint);
        this.incremental = reused != null;
        if (incremental) {
            store = reused.store();
            index = reused.index();
            previousFiles = store.files();
            strings = new StringTable(store.strings());
            previousContents = CaseContents.open(IndexDirectory.luceneIndex(previous));
        } else {
            store = CaseStoreWriter.create(IndexDirectory.casesDatabase(generation));
            index = CaseIndexer.create(IndexDirectory.luceneIndex(generation));
            previousFiles = Map.of();
            strings = new StringTable(List.of());
            previousContents = null;
            store.putSetting(FINGERPRINT, fingerprint.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The previous generation's database and index, to update. */
    private record Previous(CaseStoreWriter store, CaseIndexer index) {}

    /**
     * The previous generation copied into the new one, when it was built with {@code fingerprint} and can be
     * read; otherwise null (and the new generation is empty again).
     */
    private Previous reuse(Path previous, String fingerprint) throws IOException {
        Path db = IndexDirectory.casesDatabase(generation);
        CaseStoreWriter copy = null;
        try {
            copy = CaseStoreWriter.copy(IndexDirectory.casesDatabase(previous), db);
            byte[] built = copy.setting(FINGERPRINT);
            if (built != null && new String(built, StandardCharsets.UTF_8).equals(fingerprint)) {
                linkSegments(IndexDirectory.luceneIndex(previous), IndexDirectory.luceneIndex(generation));
                return new Previous(copy, CaseIndexer.update(IndexDirectory.luceneIndex(generation)));
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable (damaged, or never whole): build from nothing, as a first ingest would.
        }
        if (copy != null) {
            try {
                copy.close();
            } catch (IOException e) {
                // it is deleted below
            }
        }
        Files.deleteIfExists(db);
        IndexDirectory.deleteTree(IndexDirectory.luceneIndex(generation));
        Files.createDirectories(IndexDirectory.luceneIndex(generation));
        return null;
    }

    /** Lucene never changes a file once written, so the new generation can share the old one's (hard links). */
    private static void linkSegments(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().equals("write.lock")).toList()) {
                Path target = to.resolve(f.getFileName().toString());
                try {
                    Files.createLink(target, f);
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(f, target); // a file system without hard links
                }
            }
        }
    }

    /** Builds the generation of the files {@code scan} found; the generation is complete and synced after. */
    Built build(CorpusReader.Scan scan) throws IOException {
        this.scan = scan;
        Set<String> owners = new HashSet<>();
        for (CaseFile f : scan.files()) {
            if (f.duplicateOf() == null) {
                owners.add(f.id());
            }
        }
        progress.step("削除", 0);
        int removed = removeGone(owners);

        progress.step("学習", 0);
        Training training = new Training(options, scan, previousFiles, previousContents, strings, parser, workers);
        String key = training.key();
        byte[] previousKey = incremental ? store.setting(MODEL_KEY) : null;
        TriggerModel model;
        boolean trained = previousKey == null || !Arrays.equals(previousKey, key.getBytes(StandardCharsets.UTF_8));
        if (trained) {
            model = TriggerModel.train(training.examples());
            store.putSetting(MODEL, model.toBytes());
            store.putSetting(MODEL_KEY, key.getBytes(StandardCharsets.UTF_8));
        } else {
            model = TriggerModel.fromBytes(store.setting(MODEL));
        }
        TriggerTagger tagger = new TriggerTagger(model);

        progress.step("取り込み", scan.files().size());
        Set<String> written = ConcurrentHashMap.newKeySet();
        int[] counts = readFiles(tagger, written);

        int retagged = 0;
        if (incremental && trained) {
            progress.step("再分類", 0);
            retagged = retag(tagger, written);
        }

        progress.step("確定", 0);
        store.putThemes(themes);
        StringTable.Added added = strings.added();
        store.putStrings(added.firstId(), added.texts());
        index.commit();
        Built built = new Built(generation, incremental, counts[0], counts[1], removed, trained, retagged,
                store.taggingCounts(), store.inferredBelow(Tagging.REVIEW_BELOW + 0.01), store.disagreements(), store.fileProblems());
        store.finish();
        index.close();
        return built;
    }

    /** Deletes the cases that no file provides any more, and the entries of files gone. */
    private int removeGone(Set<String> owners) throws IOException {
        Set<String> scanned = scan.files().stream().map(f -> f.path().toString()).collect(Collectors.toSet());
        int removed = 0;
        for (FileEntry e : previousFiles.values()) {
            if (e.caseId() != null && !owners.contains(e.caseId()) && deleted.add(e.caseId())) {
                store.deleteCase(e.caseId());
                index.delete(e.caseId());
                removed++;
            }
            if (!scanned.contains(e.path())) {
                store.deleteFile(e.path());
            }
        }
        return removed;
    }

    /** One store operation, run by the store's thread in the order given. */
    @FunctionalInterface
    private interface StoreOp {
        void apply(CaseStoreWriter store) throws IOException;
    }

    private static final StoreOp DONE = s -> {};

    /** Reads every file that may have changed, in parallel; answers {files read, cases written}. */
    private int[] readFiles(TriggerTagger tagger, Set<String> written) throws IOException {
        BlockingQueue<StoreOp> queue = new ArrayBlockingQueue<>(STORE_QUEUE);
        ExecutorService storeThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "kb-store"));
        Future<?> writer = storeThread.submit(() -> {
            while (true) {
                StoreOp op = queue.take();
                if (op == DONE) {
                    return null;
                }
                op.apply(store);
            }
        });
        AtomicInteger next = new AtomicInteger();
        AtomicInteger read = new AtomicInteger();
        List<CaseFile> files = scan.files();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            running.add(workers.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                    if (writer.isDone()) {
                        return null; // the store failed: stop, the failure is reported below
                    }
                    if (readFile(files.get(i), tagger, queue, written)) {
                        read.incrementAndGet();
                    }
                    progress.advance();
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
            put(queue, DONE);
            writer.get();
        } catch (ExecutionException e) {
            writer.cancel(true);
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            storeThread.shutdown(); // a server that ingests must not keep a thread per ingest
        }
        return new int[] {read.get(), written.size()};
    }

    /** Reads one file when it may have changed; answers whether it was read. */
    private boolean readFile(CaseFile f, TriggerTagger tagger, BlockingQueue<StoreOp> queue, Set<String> written)
            throws IOException, InterruptedException {
        String path = f.path().toString();
        String duplicateOf = f.duplicateOf() == null ? null : f.duplicateOf().toString();
        FileEntry before = previousFiles.get(path);
        boolean sameOwner = before != null && Objects.equals(before.duplicateOf(), duplicateOf);
        if (sameOwner && before.size() == f.size() && before.modifiedNanos() == f.modifiedNanos()) {
            return false;
        }
        long modified = f.modifiedNanos() > startedNanos - RACY_NANOS ? -1 : f.modifiedNanos(); // racy: hash next time
        byte[] bytes;
        try {
            bytes = CorpusReader.read(f);
        } catch (CaseFileException e) {
            List<Problem> problems = List.of(Problem.error(f.path(), e.line(), e.getMessage()));
            rejected(f, queue, new FileEntry(path, f.size(), -1, new byte[0], null, null, duplicateOf, problems));
            return true;
        }
        byte[] hash = Hashes.sha256(bytes);
        if (sameOwner && Arrays.equals(before.hash(), hash)) {
            FileEntry same = new FileEntry(path, f.size(), modified, hash, before.caseId(), before.declared(), duplicateOf,
                    before.problems());
            put(queue, s -> s.putFile(same));
            return true;
        }
        CorpusReader.Parsed parsed = CorpusReader.parse(parser, f, bytes);
        if (parsed.rejected()) {
            rejected(f, queue, new FileEntry(path, f.size(), modified, hash, null, null, duplicateOf, parsed.problems()));
            return true;
        }
        Case c = parsed.value();
        CaseAnalysis analysis = CaseAnalysis.of(CaseText.of(c));
        TriggerFeatures.Reading reading = TriggerFeatures.read(analysis, c.lessons());
        TriggerTagger.Result tagged = tagger.tag(c.declaredTrigger(), reading);
        CaseRecord record = CaseRecord.of(c, tagged.tagging());
        index.put(record, analysis, CaseRows.content(record), ReadingCodec.encode(reading, strings));
        StoredCase stored = new StoredCase(record, c.date().sortKey(), c.date().year(), c.declaredTrigger(), tagged.model());
        FileEntry entry = new FileEntry(path, f.size(), modified, hash, c.id(),
                c.declaredTrigger() == null ? null : c.declaredTrigger().slug(), duplicateOf, parsed.problems());
        written.add(c.id());
        put(queue, s -> {
            s.putCase(stored);
            s.putFile(entry);
        });
        return true;
    }

    /** A file rejected: its entry, and its case removed when it provided one before (no other file provides it). */
    private void rejected(CaseFile f, BlockingQueue<StoreOp> queue, FileEntry entry) throws IOException, InterruptedException {
        if (f.duplicateOf() == null) {
            deleted.add(f.id());
            index.delete(f.id());
            put(queue, s -> s.deleteCase(f.id()));
        }
        put(queue, s -> s.putFile(entry));
    }

    private static void put(BlockingQueue<StoreOp> queue, StoreOp op) throws InterruptedException {
        queue.put(op);
    }

    /**
     * Tags again, with the new model, every case not read in this ingest, from the reading stored with it (in
     * parallel, a batch at a time); a case whose trigger changes is indexed again (the trigger is a field).
     */
    private int retag(TriggerTagger tagger, Set<String> written) throws IOException {
        Map<String, kb.model.Trigger> declared = store.declaredTriggers();
        FeatureIndex features = new FeatureIndex(tagger.model(), strings);
        AtomicInteger retagged = new AtomicInteger();
        List<CaseContents.Stored> batch = new ArrayList<>();
        previousContents.forEach(stored -> {
            if (!written.contains(stored.id()) && !deleted.contains(stored.id())) {
                batch.add(stored);
                if (batch.size() == RETAG_BATCH) {
                    retagged.addAndGet(retag(tagger, features, declared, batch));
                    batch.clear();
                }
            }
        });
        retagged.addAndGet(retag(tagger, features, declared, batch));
        return retagged.get();
    }

    private static final int RETAG_BATCH = 1000;

    private int retag(TriggerTagger tagger, FeatureIndex features, Map<String, kb.model.Trigger> declared,
                      List<CaseContents.Stored> batch) throws IOException {
        List<Future<List<CaseStoreWriter.Retagged>>> parts = new ArrayList<>();
        int size = Math.max(1, (batch.size() + THREADS - 1) / THREADS);
        for (int from = 0; from < batch.size(); from += size) {
            List<CaseContents.Stored> part = List.copyOf(batch.subList(from, Math.min(batch.size(), from + size)));
            parts.add(workers.submit(() -> {
                List<CaseStoreWriter.Retagged> done = new ArrayList<>(part.size());
                for (CaseContents.Stored r : part) {
                    ReadingCodec.Decoded read = ReadingCodec.decodeWithIds(r.reading(), strings);
                    TriggerTagger.Result t = tagger.tag(declared.get(r.id()), read.reading(), features.of(read.wordIds()));
                    done.add(new CaseStoreWriter.Retagged(r.id(), t.tagging(), t.model()));
                }
                return done;
            }));
        }
        int n = 0;
        for (int p = 0; p < parts.size(); p++) {
            List<CaseStoreWriter.Retagged> done = get(parts.get(p));
            for (int i = 0; i < done.size(); i++) {
                CaseStoreWriter.Retagged r = done.get(i);
                CaseContents.Stored before = batch.get(p * size + i);
                store.retag(r);
                if (!r.tagging().trigger().slug().equals(before.trigger())) {
                    index.put(CaseRows.record(before.content(), r.tagging()), before.content(), before.reading());
                }
                n++;
                progress.advance();
            }
        }
        return n;
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static IOException rethrow(Throwable e) {
        if (e instanceof IOException io) {
            return io;
        }
        if (e instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IOException(e);
    }

    /** Stops the workers and closes what is open; the caller deletes an unfinished generation. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (previousContents != null) {
                previousContents.close();
            }
        } catch (IOException e) {
            // only read
        }
        try {
            index.close();
        } catch (IOException | RuntimeException e) {
            // already closed, or failing with the build: the generation is deleted anyway
        }
        try {
            store.close();
        } catch (IOException | RuntimeException e) {
            // as above
        }
    }
}
