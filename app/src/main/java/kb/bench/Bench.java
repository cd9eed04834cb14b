package kb.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kb.search.CaseSearcher;
import kb.search.Hit;
import kb.search.SearchRequest;
import kb.search.SearchResult;

/** Search quality on judged queries (nDCG@10, MRR, recall@10) and search latency. */
public final class Bench {
    static final int K = 10;

    /** Per-query figures, for finding the queries that do badly. */
    public record QueryScore(String query, double ndcg, double reciprocalRank, double recall, long total, List<String> missed) {}

    /** Means over all queries, and latency percentiles in milliseconds (search with snippets and facets). */
    public record Report(List<QueryScore> queries, double ndcg, double mrr, double recall, int zeroResults,
                         double p50Millis, double p95Millis, double p99Millis, int timedSearches) {}

    private Bench() {}

    public static Report run(CaseSearcher searcher, JudgedQueries judged, int rounds) throws IOException {
        List<QueryScore> scores = new ArrayList<>();
        for (JudgedQueries.Judged j : judged.queries()) {
            SearchResult r = searcher.search(SearchRequest.of(j.query(), K));
            scores.add(score(j, r));
        }
        List<Double> millis = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (JudgedQueries.Judged j : judged.queries()) {
                long start = System.nanoTime();
                searcher.search(SearchRequest.of(j.query(), K));
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Report(scores,
                scores.stream().mapToDouble(QueryScore::ndcg).average().orElse(0),
                scores.stream().mapToDouble(QueryScore::reciprocalRank).average().orElse(0),
                scores.stream().mapToDouble(QueryScore::recall).average().orElse(0),
                (int) scores.stream().filter(s -> s.total() == 0).count(),
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.length);
    }

    static QueryScore score(JudgedQueries.Judged judged, SearchResult result) {
        Set<String> relevant = new HashSet<>(judged.relevant());
        List<String> ranked = result.hits().stream().map(Hit::id).limit(K).toList();
        double dcg = 0;
        double rr = 0;
        int found = 0;
        for (int i = 0; i < ranked.size(); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += 1 / log2(i + 2);
                found++;
                if (rr == 0) {
                    rr = 1.0 / (i + 1);
                }
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(K, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        List<String> missed = judged.relevant().stream().filter(id -> !ranked.contains(id)).toList();
        return new QueryScore(judged.query(), dcg / ideal, rr, (double) found / Math.min(K, relevant.size()),
                result.total(), missed);
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

}
