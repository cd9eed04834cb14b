package kb.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import kb.bench.Bench;
import kb.bench.Evaluation;
import kb.bench.JudgedQueries;
import kb.ingest.Ingest;
import kb.loadbench.LoadBench;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Search quality on judged queries (nDCG@10, recall@10, MRR, queries without result), beside",
                "Lucene's JapaneseAnalyzer and CJKAnalyzer with the words ORed (BM25), with bootstrap 95 %% intervals",
                "of the paired differences; and search latency.",
                "Without --queries: every judged set of the project (the casebook's, and the blind sets of other writers' reports,",
                "each over its own reports). With --queries FILE --corpus DIR: that set over DIR alone, ingested into a temporary index."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    IndexOption index;

    @Option(names = "--queries", paramLabel = "FILE", description = "one judged set: {query, relevant: [ids], partial: [ids]} entries")
    Path queries;

    @Option(names = "--corpus", paramLabel = "DIR", description = "the reports the --queries were judged on, ingested alone (default: the knowledge base of --index)")
    Path corpus;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "20", description = "timed rounds over the first set's queries (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--verbose", description = "print every query's figures")
    boolean verbose;

    @Option(names = "--load", description = "the load bench instead: a synthetic corpus ingested, re-ingested and searched "
            + "in process and over HTTP, beside raw Lucene and SQLite FTS5 (docs/performance.md)")
    boolean load;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "100000", description = "--load: synthetic cases (default: ${DEFAULT-VALUE})")
    int cases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "--load: the synthetic corpus' seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "--load: measured seconds per search cell (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--work", paramLabel = "DIR", description = "--load: keep the corpus, index and logs in DIR (default: a temporary directory, removed after)")
    Path work;

    @Spec
    CommandSpec spec;

    private int loadBench() throws Exception {
        if (cases < 10 || seconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--cases must be at least 10 and --seconds positive");
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("kb-load-");
        try {
            new LoadBench(new LoadBench.Options(cases, seed, seconds, dir, Kb.shippedCorpus()), spec.commandLine().getOut()).run();
        } finally {
            if (work == null) {
                IndexDirectory.deleteTree(dir);
            }
        }
        return 0;
    }

    /** A judged set, and the corpus it was judged on (null: the knowledge base of --index). */
    record JudgedSet(String name, Path queries, Path corpus) {}

    /**
     * The blind sets: the dev half the search was tuned on; the test sets, each scored
     * once and then added (tools/blind-eval/README.md).
     */
    static final List<String> BLIND_HALVES = List.of("dev", "test", "test2", "test3", "test4");

    /** The casebook's sets made like the blind ones: their folders under tools/blind-eval, and what the bench calls them. */
    private record CasebookSet(String folder, String name) {}

    private static final List<CasebookSet> CASEBOOK_SETS = List.of(
            new CasebookSet("casebook2", "second independent set"), new CasebookSet("casebook3", "third independent set"));

    @Override
    public Integer call() throws Exception {
        if (load) {
            return loadBench();
        }
        if (corpus != null && queries == null) {
            throw new ParameterException(spec.commandLine(), "--corpus needs --queries (the judged queries for that corpus)");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean first = true;
        for (JudgedSet set : sets()) {
            JudgedQueries judged = JudgedQueries.read(set.queries());
            if (set.corpus() == null) {
                try (KnowledgeBase kb = KnowledgeBase.open(index.directory())) {
                    report(out, set, judged, kb, first ? rounds : 0);
                }
            } else {
                Path tmp = Files.createTempDirectory("kb-bench-");
                try {
                    Ingest.Report ingested = Ingest.run(new Ingest.Options(List.of(set.corpus()), tmp, Kb.shippedCorpus()));
                    if (ingested.rejectedFiles() > 0) {
                        out.printf("  (%d report files of %s were rejected by ingest; run tools/kb ingest --corpus %s to see why)%n",
                                ingested.rejectedFiles(), set.corpus(), set.corpus());
                    }
                    try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(tmp))) {
                        report(out, set, judged, kb, first ? rounds : 0);
                    }
                } finally {
                    IndexDirectory.deleteTree(tmp);
                }
            }
            first = false;
        }
        return 0;
    }

    private List<JudgedSet> sets() {
        if (queries != null) {
            return List.of(new JudgedSet(queries.getFileName().toString(), queries, corpus));
        }
        Path home = Kb.home();
        List<JudgedSet> sets = new ArrayList<>();
        sets.add(new JudgedSet("casebook, own judgements", home.resolve("tools/judged-queries.yaml"), null));
        sets.add(new JudgedSet("casebook, independent judgements", home.resolve("tools/judged-queries-independent.yaml"), null));
        // Made like the blind sets (needs, queries and judgements by separate writers), over the casebook.
        for (CasebookSet set : CASEBOOK_SETS) {
            Path judged = home.resolve("tools/blind-eval").resolve(set.folder()).resolve("judged.yaml");
            if (Files.isRegularFile(judged)) {
                sets.add(new JudgedSet("casebook, " + set.name(), judged, null));
            }
        }
        for (String half : BLIND_HALVES) {
            Path blind = home.resolve("tools/blind-eval").resolve(half);
            if (Files.isRegularFile(blind.resolve("judged.yaml"))) {
                sets.add(new JudgedSet("blind " + half + " (other writers' reports, ingested alone)", blind.resolve("judged.yaml"),
                        blind.resolve("reports")));
            }
        }
        return sets;
    }

    /** nDCG@10 by the way the queries were typed, for a set whose entries say ({@code style}). */
    private static void printByStyle(PrintWriter out, JudgedQueries judged, List<Bench.Report> systems) {
        List<String> styles = judged.queries().stream().filter(JudgedQueries.Judged::judged)
                .map(q -> q.style() == null ? "" : q.style()).toList();
        if (styles.stream().allMatch(String::isEmpty)) {
            return;
        }
        out.printf("  %-26s", "nDCG@10 by style");
        systems.forEach(r -> out.printf(" %22s", r.system()));
        out.println();
        for (String style : new LinkedHashSet<>(styles)) {
            long n = styles.stream().filter(style::equals).count();
            out.printf("  %-26s", style + " (" + n + ")");
            for (Bench.Report r : systems) {
                double sum = 0;
                for (int i = 0; i < styles.size(); i++) {
                    sum += styles.get(i).equals(style) ? r.queries().get(i).ndcg() : 0;
                }
                out.printf(" %22.3f", sum / n);
            }
            out.println();
        }
    }

    private void report(PrintWriter out, JudgedSet set, JudgedQueries judged, KnowledgeBase kb, int rounds) throws Exception {
        Evaluation e = Evaluation.run(set.name(), judged, kb);
        long unjudged = judged.queries().stream().filter(q -> !q.judged()).count();
        out.printf("%n== %s: %s — %d queries%s, %d cases%n", set.name(), Kb.home().relativize(set.queries().toAbsolutePath().normalize()),
                judged.queries().size(), unjudged == 0 ? "" : " (" + unjudged + " without any relevant case, left out of the means)", e.cases());
        out.printf("  %-26s %8s %10s %7s %12s%n", "system", "nDCG@10", "recall@10", "MRR", "zero-result");
        List<Bench.Report> all = new ArrayList<>(List.of(e.system()));
        all.addAll(e.baselines());
        for (Bench.Report r : all) {
            out.printf("  %-26s %8.3f %10.3f %7.3f %12d%n", r.system(), r.ndcg(), r.recall(), r.mrr(), r.zeroResults());
        }
        for (Bench.Comparison c : e.comparisons()) {
            out.printf("  this search − %-22s nDCG@10 %+.3f [%+.3f, %+.3f]  recall@10 %+.3f [%+.3f, %+.3f]%n", c.baseline(),
                    c.ndcg().mean(), c.ndcg().low(), c.ndcg().high(), c.recall().mean(), c.recall().low(), c.recall().high());
        }
        printByStyle(out, judged, all);
        List<Bench.QueryScore> mine = e.system().queries();
        for (int i = 0; i < mine.size(); i++) {
            Bench.QueryScore q = mine.get(i);
            if (verbose || q.ndcg() < 0.5) {
                out.printf("    %-30s nDCG %.2f (JA %.2f, CJK %.2f)  recall %.2f  total %d%s%n", q.query(), q.ndcg(),
                        e.baselineScore(0, i).ndcg(), e.baselineScore(1, i).ndcg(), q.recall(), q.total(),
                        q.missed().isEmpty() ? "" : "  missed " + q.missed());
            }
        }
        if (rounds > 0) {
            Bench.Latency l = Bench.time(kb.searcher(), judged, rounds);
            out.printf("  latency over %d searches of this set (top 10 with snippets and facets): p50 %.2f ms  p95 %.2f ms  p99 %.2f ms%n",
                    l.searches(), l.p50Millis(), l.p95Millis(), l.p99Millis());
            Bench.Latency s = Bench.timeSuggestions(kb.searcher(), judged, rounds);
            out.printf("  latency over %d suggestions (each query typed letter by letter, 8 suggestions): p50 %.2f ms  p95 %.2f ms  p99 %.2f ms%n",
                    s.searches(), s.p50Millis(), s.p95Millis(), s.p99Millis());
        }
    }
}
