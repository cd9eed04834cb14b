package kb.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;

/**
 * One judged set scored in one run: the casebook's search and the two stock baselines on the same cases and
 * queries, with the paired differences to each baseline.
 */
public record Evaluation(String name, int cases, Bench.Report system, List<Bench.Report> baselines,
                         List<Bench.Comparison> comparisons) {

    public static Evaluation run(String name, JudgedQueries judged, KnowledgeBase kb) throws IOException {
        Bench.Report system = Bench.run(new CasebookSearch(kb.searcher()), judged);
        List<Bench.Report> baselines = new ArrayList<>();
        var luceneIndex = IndexDirectory.luceneIndex(kb.generation());
        try (Baseline japanese = Baseline.japanese(luceneIndex); Baseline cjk = Baseline.cjk(luceneIndex)) {
            baselines.add(Bench.run(japanese, judged));
            baselines.add(Bench.run(cjk, judged));
        }
        List<Bench.Comparison> comparisons = baselines.stream().map(b -> Bench.Comparison.of(system, b)).toList();
        return new Evaluation(name, kb.searcher().count(), system, List.copyOf(baselines), comparisons);
    }

    /** The baseline's figures for the query at {@code index} of the system's list (same order). */
    public Bench.QueryScore baselineScore(int baseline, int index) {
        return baselines.get(baseline).queries().get(index);
    }
}
