package kb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kb.TestCorpus;
import kb.search.Hit;
import kb.search.SearchResult;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTest {
    private static SearchResult ranked(String... ids) {
        List<Hit> hits = java.util.Arrays.stream(ids).map(id -> new Hit(id, id, "attack", "2024-01", 1f, "")).toList();
        return new SearchResult("q", ids.length, ids.length, hits, Map.of(), false, List.of(), false);
    }

    @Test
    void scoresRankings() {
        JudgedQueries.Judged judged = new JudgedQueries.Judged("q", List.of("a", "b"), null);
        Bench.QueryScore perfect = Bench.score(judged, ranked("a", "b", "c"));
        assertEquals(1.0, perfect.ndcg(), 1e-9);
        assertEquals(1.0, perfect.reciprocalRank(), 1e-9);
        Bench.QueryScore second = Bench.score(judged, ranked("c", "a"));
        assertEquals(0.5, second.reciprocalRank(), 1e-9);
        assertEquals(0.5, second.recall(), 1e-9);
        assertEquals((1 / (Math.log(3) / Math.log(2))) / (1 + 1 / (Math.log(3) / Math.log(2))), second.ndcg(), 1e-9);
        assertEquals(List.of("b"), second.missed());
        assertEquals(0.0, Bench.score(judged, ranked()).ndcg(), 1e-9);
    }

    @Test
    void runsJudgedQueriesAgainstARealIndex(@TempDir Path tmp) throws Exception {
        TestCorpus.ingest(tmp.resolve("index"));
        Path file = tmp.resolve("q.yaml");
        Files.writeString(file, "- {query: DDoS, relevant: [2025-01-bank-ddos]}\n- {query: 存在しない語ほげ, relevant: [2019-04-atm-spec]}\n");
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(tmp.resolve("index")))) {
            Bench.Report r = Bench.run(kb.searcher(), JudgedQueries.read(file), 1);
            assertEquals(2, r.queries().size());
            assertEquals(1.0, r.queries().get(0).ndcg(), 1e-9);
            assertEquals(1, r.zeroResults());
            assertEquals(2, r.timedSearches());
        }
    }
}
