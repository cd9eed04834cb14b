package kb.loadbench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kb.ingest.Ingest;
import kb.search.SearchRequest;
import kb.store.IndexDirectory;
import kb.store.Json;
import kb.store.KnowledgeBase;
import kb.synth.SyntheticCorpus;

/**
 * The load bench: a synthetic corpus of N cases, ingested by {@code kb ingest} in a JVM of its own (as a user runs
 * it), re-ingested after edits; searched in process and over HTTP ({@code kb serve} in a JVM of its own) at
 * concurrency 1, 4 and 16 over a fixed mix of queries with and without filters; beside two references on the same
 * data and queries — Lucene's IndexSearcher on the same index (the floor) and SQLite FTS5 with the trigram
 * tokenizer (what a user might pick instead). Prints one report, in Markdown.
 */
public final class LoadBench {
    /**
     * @param cases   synthetic cases to make
     * @param seed    the synthetic corpus' seed
     * @param seconds measured time of each search cell (after a warm-up of a fifth of it, at least 0.2 s)
     * @param work    where the corpus, the index and the logs go
     */
    public record Options(int cases, long seed, double seconds, Path work, Path shippedCorpus) {}

    private static final int[] CONCURRENCY = {1, 4, 16};
    private static final Pattern WORK = Pattern.compile("読み込み (\\d+) ファイル, 書き込み (\\d+) 件, 削除 (\\d+) 件(.*) →");
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");

    private final Options options;
    private final PrintWriter out;
    private final Path corpus;
    private final Path index;
    private final Map<String, Double> p50AtFour = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();

    public LoadBench(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
        this.corpus = options.work().resolve("corpus");
        this.index = options.work().resolve("index");
    }

    public void run() throws Exception {
        out.printf("# Load bench: %,d synthetic cases (seed %d), %.0f s a search cell%n%n", options.cases(), options.seed(), options.seconds());
        out.printf("Machine: %d cores, %s %s, JVM options of the commands: %s; load average at start %s%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("kb.jvm", "-Xmx1g -XX:+UseG1GC"), loadAverage());
        SyntheticCorpus synth = SyntheticCorpus.from(options.shippedCorpus());
        if (Files.exists(corpus)) {
            throw new IOException(corpus + " exists: give the load bench an empty --work directory");
        }
        synth.write(corpus, options.cases(), options.seed(), () -> {});
        // Files changed within two seconds of an ingest's start are read again by the next one (they may still be
        // changing); a corpus is not written the moment before it is ingested.
        Thread.sleep(2100);
        long corpusBytes = bytesOf(corpus, ".md");
        double corpusMb = corpusBytes / 1e6;

        out.println("## Ingest");
        out.println();
        out.println("| step | seconds | cases/s | MB/s | peak heap MB | peak RSS MB | files read | cases written | model |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        ChildJvm.Usage full = ingest("full ingest", "ingest-full");
        target("full ingest ≥ 1,500 cases/s", options.cases() / full.seconds(), ">=", 1500, "%.0f cases/s");
        target("peak heap of the ingest ≤ 1 GB", full.peakHeapMb(), "<=", 1024, "%.0f MB");
        SplittableRandom random = new SplittableRandom(options.seed());
        int one = random.nextInt(options.cases());
        edit(synth, List.of(one));
        ChildJvm.Usage oneEdit = ingest("re-ingest, 1 edited file", "ingest-1");
        target("re-ingest after 1 edited file ≤ 3 s", oneEdit.seconds(), "<=", 3, "%.1f s");
        int training = trainingCase(synth);
        if (training >= 0) {
            edit(synth, List.of(training));
            ingest("re-ingest, 1 edited file among the model's training cases", "ingest-1-training");
        }
        List<Integer> hundred = random.ints(0, options.cases()).distinct().limit(Math.min(100, options.cases())).boxed().toList();
        edit(synth, hundred);
        ChildJvm.Usage hundredEdits = ingest("re-ingest, 100 edited files", "ingest-100");
        target("re-ingest after 100 edited files ≤ 10 s", hundredEdits.seconds(), "<=", 10, "%.1f s");
        Files.delete(corpus.resolve(synth.relativePath(random.nextInt(options.cases()), options.seed())));
        Thread.sleep(2100);
        ingest("re-ingest, 1 deleted file", "ingest-delete");

        Path generation = new IndexDirectory(index).current().orElseThrow();
        long lucene = bytesOf(IndexDirectory.luceneIndex(generation), "");
        long db = Files.size(IndexDirectory.casesDatabase(generation));
        Path ftsFile = options.work().resolve("fts5.db");
        Fts5Trigram fts;
        double ftsSeconds;
        try (KnowledgeBase kb = KnowledgeBase.open(generation)) {
            long start = System.nanoTime();
            fts = Fts5Trigram.build(ftsFile, kb);
            ftsSeconds = (System.nanoTime() - start) / 1e9;
            out.printf("| reference: FTS5 trigram table from the stored cases (no parsing, tagging or analysis) | %.1f | %.0f | %.1f | | | | %d | |%n",
                    ftsSeconds, kb.count() / ftsSeconds, corpusMb / ftsSeconds, kb.count());
        }
        out.println();
        out.println("## Size");
        out.println();
        out.println("| corpus (.md files) | Lucene index | cases.db | index + database | ÷ corpus | reference: FTS5 trigram db |");
        out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        out.printf("| %.1f MB | %.1f MB | %.1f MB | %.1f MB | %.2f | %.1f MB |%n%n", corpusMb, lucene / 1e6, db / 1e6,
                (lucene + db) / 1e6, (double) (lucene + db) / corpusBytes, Files.size(ftsFile) / 1e6);
        target("index + database ≤ 2.5 × the corpus", (double) (lucene + db) / corpusBytes, "<=", 2.5, "%.2f ×");

        out.println("## Search");
        out.println();
        out.println("Latency in ms of whole answers (top 10; the app's with facets and snippets), closed loop: each client sends");
        out.println("its next request when the last is answered. In process: the calls alone. HTTP: `kb serve` in a JVM of its");
        out.println("own, clients in this one (both share the machine's cores).");
        out.println();
        out.println("| what | filters | clients | p50 | p95 | p99 | requests/s |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        try (KnowledgeBase kb = KnowledgeBase.open(generation); RawLucene raw = new RawLucene(IndexDirectory.luceneIndex(generation))) {
            for (boolean filtered : new boolean[] {false, true}) {
                cells("app search, in process", filtered, n -> {
                    QueryMix.Query q = QueryMix.query(n, filtered);
                    kb.searcher().search(new SearchRequest(q.text(), q.trigger(), q.industry(), null, null,
                            SearchRequest.Sort.RELEVANCE, 0, 10));
                });
                cells("reference: raw Lucene IndexSearcher", filtered, n -> raw.search(QueryMix.query(n, filtered)));
                cells("reference: SQLite FTS5 trigram", filtered, n -> fts.search(QueryMix.query(n, filtered)));
            }
        } finally {
            fts.close();
        }
        serve();
        out.println();
        ratios();
        out.println("## Targets (set for 100,000 cases)");
        out.println();
        targets.forEach(out::println);
        out.flush();
    }

    /** Runs {@code kb ingest} on the corpus in a JVM of its own; prints its row. */
    private ChildJvm.Usage ingest(String step, String name) throws Exception {
        ChildJvm child = ChildJvm.start(options.work(), name, List.of(), "ingest", "--corpus", corpus.toString(),
                "--index", index.toString());
        ChildJvm.Usage usage = child.await();
        String log = Files.readString(child.output());
        if (usage.exitCode() != 0) {
            throw new IOException("kb ingest exited with " + usage.exitCode() + ": " + tail(log));
        }
        Matcher m = WORK.matcher(log);
        if (!m.find()) {
            throw new IOException("kb ingest did not say what it did: " + tail(log));
        }
        int read = Integer.parseInt(m.group(1));
        String rest = m.group(4);
        String model = !rest.contains("学習") ? "kept"
                : rest.contains("再分類") ? "trained, " + rest.replaceAll("\\D+", "") + " re-tagged" : "trained";
        boolean whole = step.equals("full ingest");
        double mb = bytesOf(corpus, ".md") / 1e6;
        out.printf("| %s | %.1f | %s | %s | %.0f | %.0f | %d | %s | %s |%n", step, usage.seconds(),
                whole ? "%.0f".formatted(read / usage.seconds()) : "", whole ? "%.1f".formatted(mb / usage.seconds()) : "",
                usage.peakHeapMb(), usage.peakResidentMb(), read, m.group(2), model);
        out.flush();
        return usage;
    }

    /**
     * Appends a lesson to each of the cases {@code numbers}: an edit as a person makes one — not in the two seconds
     * before an ingest (files changed then may still be changing: the ingest after reads them once more).
     */
    private void edit(SyntheticCorpus synth, List<Integer> numbers) throws IOException, InterruptedException {
        for (int i : numbers) {
            Path file = corpus.resolve(synth.relativePath(i, options.seed()));
            Files.writeString(file, Files.readString(file) + "- 負荷試験で追記した教訓（" + System.nanoTime() + "）。\n");
        }
        Thread.sleep(2100);
    }

    /** A declared case the model trains on whatever the corpus' size, or -1 when every declared case does. */
    private int trainingCase(SyntheticCorpus synth) {
        if (options.cases() <= Ingest.TRAINING_SAMPLE) {
            return -1;
        }
        int best = -1;
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < options.cases(); i++) {
            String path = synth.relativePath(i, options.seed());
            String id = path.substring(path.lastIndexOf('/') + 1, path.length() - ".md".length());
            long order = Ingest.trainingOrder(id);
            if (order < lowest && synth.text(i, options.seed()).contains("\ntrigger: ")) {
                lowest = order;
                best = i;
            }
        }
        return best;
    }

    /** One row per concurrency. */
    private void cells(String what, boolean filtered, Latencies.Request request) throws Exception {
        for (int c : CONCURRENCY) {
            Latencies.Result r = Latencies.run(c, Math.max(0.2, options.seconds() / 5), options.seconds(), request);
            out.printf("| %s | %s | %d | %.2f | %.2f | %.2f | %.0f |%n", what, filtered ? "yes" : "no", c, r.p50(), r.p95(),
                    r.p99(), r.perSecond());
            out.flush();
            if (c == 4) {
                p50AtFour.put(what + (filtered ? " (filtered)" : ""), r.p50());
            }
        }
    }

    /** Starts {@code kb serve}, times its first answer, loads it, and reads its heap after a full collection. */
    private void serve() throws Exception {
        long start = System.nanoTime();
        ChildJvm server = ChildJvm.start(options.work(), "serve", List.of(), "serve", "--index", index.toString(), "--port", "0");
        String base = null;
        try {
            base = awaitUrl(server);
            String probe = base + "api/search?q=" + enc("システム障害");
            while (status(probe) != 200) {
                Thread.sleep(10);
            }
            double firstAnswer = (System.nanoTime() - start) / 1e9;
            // The server builds its suggestions after its first answer, on a core of its own for seconds at
            // 100,000 cases: the cells measure it once that is done (the first suggestion waits for it), and the
            // build's time is reported on its own.
            boolean suggests = status(base + "api/suggest?q=" + enc("シス")) == 200;
            double suggestionsReady = (System.nanoTime() - start) / 1e9;
            String url = base;
            for (boolean filtered : new boolean[] {false, true}) {
                cells("HTTP GET /api/search", filtered, n -> get(url + "api/search?" + params(QueryMix.query(n, filtered))));
                cells("HTTP GET /search (page)", filtered, n -> get(url + "search?" + params(QueryMix.query(n, filtered))));
            }
            cells("HTTP POST /api/check", false, n -> post(url + "api/check",
                    Json.MAPPER.writeValueAsString(Map.of("text", QueryMix.change(n), "limit", 10))));
            if (suggests) {
                cells("HTTP GET /api/suggest", false, n -> get(url + "api/suggest?q="
                        + enc(QueryMix.query(n, false).text().substring(0, Math.min(2, QueryMix.query(n, false).text().length())))));
            } else {
                out.println("| HTTP GET /api/suggest | — | — | not in this build | | | |");
            }
            double heap = heapAfterLoad(server);
            out.println();
            out.println("## Server");
            out.println();
            out.printf("- start to first answer (`kb serve` on the existing index, until /api/search answers): %.2f s%n", firstAnswer);
            if (suggests) {
                out.printf("- start to suggestions ready (built in the background after the first answer): %.2f s%n", suggestionsReady);
            }
            out.printf("- heap in use after the load and a full collection: %.0f MB; resident memory: %.0f MB%n%n", heap, server.residentMb());
            target("start to first answer ≤ 3 s", firstAnswer, "<=", 3, "%.2f s");
            target("server heap after the load ≤ 512 MB", heap, "<=", 512, "%.0f MB");
        } finally {
            server.process().toHandle().destroy();
            if (!server.process().waitFor(30, TimeUnit.SECONDS)) {
                server.process().destroyForcibly();
            }
        }
    }

    private void ratios() {
        out.println("## Ratios at 4 clients (p50)");
        out.println();
        for (String filter : new String[] {"", " (filtered)"}) {
            Double raw = p50AtFour.get("reference: raw Lucene IndexSearcher" + filter);
            Double fts = p50AtFour.get("reference: SQLite FTS5 trigram" + filter);
            Double app = p50AtFour.get("app search, in process" + filter);
            Double http = p50AtFour.get("HTTP GET /api/search" + filter);
            Double page = p50AtFour.get("HTTP GET /search (page)" + filter);
            String label = filter.isEmpty() ? "without filters" : "with filters";
            out.printf("- %s: app in process ÷ raw Lucene %.1f; HTTP /api/search ÷ raw Lucene %.1f; FTS5 trigram ÷ HTTP /api/search %.1f; "
                    + "FTS5 trigram ÷ app in process %.1f%n", label, app / raw, http / raw, fts / http, fts / app);
            if (filter.isEmpty()) {
                target("/api/search over HTTP at 4 clients: p50 ≤ 5 ms", http, "<=", 5, "%.2f ms");
                target("/search page p50 ≤ 10 ms", page, "<=", 10, "%.2f ms");
                target("/api/search within 2 × raw Lucene (p50, HTTP vs in process)", http / raw, "<=", 2, "%.1f ×");
                target("/api/search faster than FTS5 trigram (p50)", fts / http, ">=", 1, "FTS5 %.1f × slower");
            }
        }
        Double check = p50AtFour.get("HTTP POST /api/check");
        if (check != null) {
            target("/api/check p50 ≤ 100 ms", check, "<=", 100, "%.1f ms");
        }
        out.println();
    }

    private void target(String what, double value, String comparison, double limit, String format) {
        boolean met = comparison.equals("<=") ? value <= limit : value >= limit;
        targets.add("- " + what + ": " + String.format(format, value) + " — " + (met ? "met" : "**missed**"));
    }

    private static String awaitUrl(ChildJvm server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!server.process().isAlive()) {
                throw new IOException("kb serve stopped: " + tail(Files.readString(server.output())));
            }
            Matcher m = URL.matcher(Files.readString(server.output()));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(5);
        }
        throw new IOException("kb serve printed no address");
    }

    /** Asks the server for a full collection ({@code jcmd GC.run}) and reads the heap left in use from its GC log. */
    private static double heapAfterLoad(ChildJvm server) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Double.NaN;
        }
        new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(500);
        return server.heapAfterFullCollectionMb();
    }

    private static String params(QueryMix.Query q) {
        return "q=" + enc(q.text()) + "&limit=10" + (q.trigger() == null ? "" : "&trigger=" + q.trigger().slug())
                + (q.industry() == null ? "" : "&industry=" + enc(q.industry()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int status(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            int code = c.getResponseCode();
            drain(code < 400 ? c.getInputStream() : c.getErrorStream());
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    /** A GET whose whole answer is read (the connection is then kept for the next request). */
    private static void get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        check(c, url);
    }

    private static void post(String url, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream body = c.getOutputStream()) {
            body.write(json.getBytes(StandardCharsets.UTF_8));
        }
        check(c, url);
    }

    private static void check(HttpURLConnection c, String url) throws IOException {
        int code = c.getResponseCode();
        if (code != 200) {
            drain(c.getErrorStream());
            throw new IOException(url + " answered " + code);
        }
        drain(c.getInputStream());
    }

    private static void drain(InputStream in) throws IOException {
        if (in != null) {
            try (in) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static long bytesOf(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static String loadAverage() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(Path.of("/proc/loadavg")), StandardCharsets.UTF_8))) {
            String[] f = r.readLine().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }
}
