package kb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kb.TestCorpus;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    private static Ranker.Ranking ranked(String... ids) {
        return new Ranker.Ranking(List.of(ids), ids.length);
    }

    @Test
    void scoresBinaryRankings() {
        JudgedQueries.Judged judged = JudgedQueries.Judged.binary("q", List.of("a", "b"));
        Bench.QueryScore perfect = Bench.score(judged, ranked("a", "b", "c"));
        assertEquals(1.0, perfect.ndcg(), 1e-9);
        assertEquals(1.0, perfect.reciprocalRank(), 1e-9);
        Bench.QueryScore second = Bench.score(judged, ranked("c", "a"));
        assertEquals(0.5, second.reciprocalRank(), 1e-9);
        assertEquals(0.5, second.recall(), 1e-9);
        assertEquals((1 / LOG2_3) / (1 + 1 / LOG2_3), second.ndcg(), 1e-9);
        assertEquals(List.of("b"), second.missed());
        assertEquals(0.0, Bench.score(judged, ranked()).ndcg(), 1e-9);
    }

    @Test
    void gradedGainsCountPartialCasesHalf() {
        JudgedQueries.Judged judged = new JudgedQueries.Judged("q", Map.of("r", 2, "p", 1), null, null);
        double ideal = 2 + 1 / LOG2_3;
        assertEquals(1.0, Bench.score(judged, ranked("r", "p")).ndcg(), 1e-9);
        assertEquals((1 + 2 / LOG2_3) / ideal, Bench.score(judged, ranked("p", "r")).ndcg(), 1e-9);
        Bench.QueryScore partialOnly = Bench.score(judged, ranked("x", "p"));
        assertEquals((1 / LOG2_3) / ideal, partialOnly.ndcg(), 1e-9);
        assertEquals(0.5, partialOnly.recall(), 1e-9, "recall counts partial cases like relevant ones");
        assertEquals(0.5, partialOnly.reciprocalRank(), 1e-9);
    }

    @Test
    void readsGradedAndBinaryFiles(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("q.yaml");
        Files.writeString(file, """
                - {query: 停電, need: 電源が落ちた事例, style: word, relevant: [a, b], partial: [c]}
                - {query: DDoS, relevant: [d]}
                - {query: 何もない, relevant: [], partial: []}
                """);
        JudgedQueries q = JudgedQueries.read(file);
        assertEquals(Map.of("a", 2, "b", 2, "c", 1), q.queries().get(0).grades());
        assertEquals("電源が落ちた事例", q.queries().get(0).need());
        assertEquals(Map.of("d", 2), q.queries().get(1).grades());
        assertFalse(q.queries().get(2).judged());
        Files.writeString(file, "- {query: x, relevant: [a], partial: [a]}\n");
        assertThrows(IOException.class, () -> JudgedQueries.read(file));
        Files.writeString(file, "- {query: x}\n");
        assertThrows(IOException.class, () -> JudgedQueries.read(file));
    }

    @Test
    void bootstrapIntervalsOfPairedDifferences() {
        double[] same = {0.5, 0.7, 0.9, 0.1};
        Bootstrap.Difference none = Bootstrap.paired(same, same);
        assertEquals(0, none.mean(), 1e-12);
        assertEquals(0, none.low(), 1e-12);
        assertEquals(0, none.high(), 1e-12);
        Bootstrap.Difference better = Bootstrap.paired(new double[] {1, 0.9, 0.8, 1, 0.7}, new double[] {0.5, 0.6, 0.8, 0.4, 0.6});
        assertEquals(0.3, better.mean(), 1e-9);
        assertTrue(better.aboveZero() && better.high() <= 0.5, better.toString());
        Bootstrap.Difference mixed = Bootstrap.paired(new double[] {1, 0, 1, 0}, new double[] {0, 1, 0, 1});
        assertTrue(mixed.low() < 0 && mixed.high() > 0, mixed.toString());
    }

    @Test
    void scoresTheSearchAndTheBaselinesOnARealIndex(@TempDir Path tmp) throws Exception {
        TestCorpus.ingest(tmp.resolve("index"));
        Path file = tmp.resolve("q.yaml");
        Files.writeString(file, "- {query: DDoS, relevant: [2025-01-bank-ddos]}\n- {query: zqxwv, relevant: [2019-04-atm-spec]}\n");
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(tmp.resolve("index")))) {
            Evaluation e = Evaluation.run("test", JudgedQueries.read(file), kb);
            assertEquals(2, e.system().queries().size());
            assertEquals(1.0, e.system().queries().get(0).ndcg(), 1e-9);
            assertEquals(1, e.system().zeroResults());
            assertEquals(List.of("JapaneseAnalyzer OR", "CJKAnalyzer bigrams OR"), e.baselines().stream().map(Bench.Report::system).toList());
            assertEquals(1.0, e.baselines().get(0).queries().get(0).ndcg(), 1e-9, "a stock analyzer finds DDoS too");
            assertEquals(2, e.comparisons().size());
            assertEquals(4, Bench.time(kb.searcher(), JudgedQueries.read(file), 2).searches());
        }
    }
}
