package kb.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import kb.search.CaseSearcher;
import kb.search.SearchRequest;

/**
 * Search quality on judged queries, for any {@link Ranker}: nDCG@10 with graded gains, recall@10, MRR and
 * the count of queries without any result; and the latency of the casebook's own search.
 *
 * <p>nDCG@10 = DCG / ideal DCG, DCG = Σ<sub>i=1..10</sub> grade(i) / log2(i + 1) (linear gain: relevant 2,
 * partial 1, as trec_eval computes it); the ideal ranks every judged case by grade. Recall@10 counts relevant
 * and partial cases alike, out of min(10, judged). MRR takes the first relevant or partial case.
 */
public final class Bench {
    public static final int K = 10;

    /** One query's figures; {@code missed} are the judged cases not in the top 10, best grade first. */
    public record QueryScore(String query, double ndcg, double reciprocalRank, double recall, long total,
                             List<String> missed) {}

    /** Means over the judged queries (those with at least one relevant or partial case). */
    public record Report(String system, List<QueryScore> queries, double ndcg, double mrr, double recall, int zeroResults) {
        double[] perQuery(ToDoubleFunction<QueryScore> metric) {
            return queries.stream().mapToDouble(metric).toArray();
        }
    }

    /** Another system against a baseline on the same queries: the paired differences of nDCG@10 and recall@10. */
    public record Comparison(String baseline, Bootstrap.Difference ndcg, Bootstrap.Difference recall) {
        public static Comparison of(Report system, Report baseline) {
            return new Comparison(baseline.system(),
                    Bootstrap.paired(system.perQuery(QueryScore::ndcg), baseline.perQuery(QueryScore::ndcg)),
                    Bootstrap.paired(system.perQuery(QueryScore::recall), baseline.perQuery(QueryScore::recall)));
        }
    }

    /** Latency percentiles in milliseconds of the casebook's search with snippets and facets. */
    public record Latency(double p50Millis, double p95Millis, double p99Millis, int searches) {}

    private Bench() {}

    public static Report run(Ranker ranker, JudgedQueries judged) throws IOException {
        List<QueryScore> scores = new ArrayList<>();
        int zero = 0;
        for (JudgedQueries.Judged j : judged.queries()) {
            Ranker.Ranking r = ranker.rank(j.query(), K);
            if (r.total() == 0) {
                zero++;
            }
            if (j.judged()) {
                scores.add(score(j, r));
            }
        }
        return new Report(ranker.name(), List.copyOf(scores), mean(scores, QueryScore::ndcg),
                mean(scores, QueryScore::reciprocalRank), mean(scores, QueryScore::recall), zero);
    }

    static QueryScore score(JudgedQueries.Judged judged, Ranker.Ranking ranking) {
        List<String> ranked = ranking.ids().stream().limit(K).toList();
        double dcg = 0;
        double rr = 0;
        int found = 0;
        for (int i = 0; i < ranked.size(); i++) {
            int grade = judged.grade(ranked.get(i));
            if (grade > 0) {
                dcg += grade / log2(i + 2);
                found++;
                if (rr == 0) {
                    rr = 1.0 / (i + 1);
                }
            }
        }
        List<Integer> ideal = judged.grades().values().stream().sorted((a, b) -> b - a).limit(K).toList();
        double idealDcg = 0;
        for (int i = 0; i < ideal.size(); i++) {
            idealDcg += ideal.get(i) / log2(i + 2);
        }
        List<String> missed = judged.grades().keySet().stream().filter(id -> !ranked.contains(id)).toList();
        return new QueryScore(judged.query(), dcg / idealDcg, rr, (double) found / Math.min(K, judged.grades().size()),
                ranking.total(), missed);
    }

    public static Latency time(CaseSearcher searcher, JudgedQueries judged, int rounds) throws IOException {
        List<Long> nanos = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (JudgedQueries.Judged j : judged.queries()) {
                long start = System.nanoTime();
                searcher.search(SearchRequest.of(j.query(), K));
                nanos.add(System.nanoTime() - start);
            }
        }
        return latency(nanos);
    }

    /**
     * Latency of suggestions, as typing asks for them: each judged query typed letter by letter (up to 10), each
     * prefix asked {@code rounds} times; the suggester is built before timing (it is built once per index).
     */
    public static Latency timeSuggestions(CaseSearcher searcher, JudgedQueries judged, int rounds) throws IOException {
        searcher.suggest("a", SUGGESTIONS);
        List<Long> nanos = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (JudgedQueries.Judged j : judged.queries()) {
                String q = j.query();
                for (int end = 1; end <= q.length() && end <= TYPED_LETTERS; end++) {
                    long start = System.nanoTime();
                    searcher.suggest(q.substring(0, end), SUGGESTIONS);
                    nanos.add(System.nanoTime() - start);
                }
            }
        }
        return latency(nanos);
    }

    private static Latency latency(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Latency(Percentiles.millis(sorted, 0.50), Percentiles.millis(sorted, 0.95),
                Percentiles.millis(sorted, 0.99), sorted.length);
    }

    private static final int SUGGESTIONS = 8;
    private static final int TYPED_LETTERS = 10;

    private static double mean(List<QueryScore> scores, ToDoubleFunction<QueryScore> metric) {
        return scores.stream().mapToDouble(metric).average().orElse(0);
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }
}
