package kb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kb.bench.Bench;
import kb.bench.JudgedQueries;
import kb.store.KnowledgeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure search quality on judged queries (nDCG@10, MRR, recall@10) and search latency.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    IndexOption index;

    @Option(names = "--queries", paramLabel = "FILE", description = "judged queries (default: tools/judged-queries.yaml)")
    Path queries;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "20", description = "timed rounds over all queries (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--verbose", description = "print every query's figures")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JudgedQueries judged = JudgedQueries.read(queries != null ? queries : Kb.home().resolve("tools/judged-queries.yaml"));
        try (KnowledgeBase kb = KnowledgeBase.open(index.directory())) {
            Bench.Report r = Bench.run(kb.searcher(), judged, Math.max(0, rounds));
            out.printf("%d judged queries on %d cases: nDCG@10 %.3f  MRR %.3f  recall@10 %.3f  zero-result %d%n",
                    r.queries().size(), kb.cases().size(), r.ndcg(), r.mrr(), r.recall(), r.zeroResults());
            out.printf("latency over %d searches (top 10 with snippets and facets): p50 %.2f ms  p95 %.2f ms  p99 %.2f ms%n",
                    r.timedSearches(), r.p50Millis(), r.p95Millis(), r.p99Millis());
            for (Bench.QueryScore q : r.queries()) {
                if (verbose || q.ndcg() < 0.5) {
                    out.printf("  %-28s nDCG %.2f  RR %.2f  recall %.2f  total %d%s%n", q.query(), q.ndcg(),
                            q.reciprocalRank(), q.recall(), q.total(), q.missed().isEmpty() ? "" : "  missed " + q.missed());
                }
            }
        }
        return 0;
    }
}
