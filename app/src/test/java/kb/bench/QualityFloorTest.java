package kb.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import kb.ingest.Ingest;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search's quality floor: nDCG@10 on the project's judged sets, each over its own corpus, may not fall below
 * what docs/search.md reports minus a margin; no query may end without a result. A floor, not a timing: the
 * figures are deterministic for a given corpus, thesaurus and code.
 *
 * <p>The margin, 0.03, is what one or two queries of a 30-query set losing half their nDCG costs (1/30 × 0.5 =
 * 0.017 each): a change in ties or in one query's ranking passes, a change that hurts a class of queries fails.
 */
class QualityFloorTest {
    private static final double MARGIN = 0.03;
    private static final Path HOME = Path.of(System.getProperty("kb.home", ".")).toAbsolutePath();
    private static final Path SHIPPED = HOME.resolve("corpus");

    /** A judged set, its corpus, and the nDCG@10 measured on it (docs/search.md). */
    private record Floor(String queries, Path corpus, double measured) {}

    private static final List<Floor> SHIPPED_SETS = List.of(
            new Floor("tools/judged-queries.yaml", SHIPPED, 0.927),
            new Floor("tools/judged-queries-independent.yaml", SHIPPED, 0.959),
            new Floor("tools/blind-eval/casebook2/judged.yaml", SHIPPED, 0.755),
            new Floor("tools/blind-eval/casebook3/judged.yaml", SHIPPED, 0.772));
    /** The blind sets, each over its own reports. */
    private static final List<Floor> BLIND_SETS = List.of(
            new Floor("tools/blind-eval/dev/judged.yaml", HOME.resolve("tools/blind-eval/dev/reports"), 0.828),
            new Floor("tools/blind-eval/test/judged.yaml", HOME.resolve("tools/blind-eval/test/reports"), 0.822),
            new Floor("tools/blind-eval/test2/judged.yaml", HOME.resolve("tools/blind-eval/test2/reports"), 0.857),
            new Floor("tools/blind-eval/test3/judged.yaml", HOME.resolve("tools/blind-eval/test3/reports"), 0.837),
            new Floor("tools/blind-eval/test4/judged.yaml", HOME.resolve("tools/blind-eval/test4/reports"), 0.876));

    @TempDir
    Path tmp;

    private Evaluation evaluate(Floor floor, Path index) throws Exception {
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(index))) {
            return Evaluation.run(floor.queries(), JudgedQueries.read(HOME.resolve(floor.queries())), kb);
        }
    }

    private static void check(Floor floor, Evaluation e) {
        assertAll(floor.queries(),
                () -> assertTrue(e.system().ndcg() >= floor.measured() - MARGIN,
                        floor.queries() + ": nDCG@10 " + e.system().ndcg() + " < floor " + (floor.measured() - MARGIN)),
                () -> assertEquals(0, e.system().zeroResults(), floor.queries() + ": queries without any result"));
    }

    @Test
    void theCasebooksJudgedSetsStayAboveTheirFloors() throws Exception {
        Path index = tmp.resolve("casebook");
        Ingest.run(new Ingest.Options(List.of(SHIPPED), index, SHIPPED));
        for (Floor floor : SHIPPED_SETS) {
            check(floor, evaluate(floor, index));
        }
    }

    @Test
    void theBlindSetsStayAboveTheirFloors() throws Exception {
        for (Floor floor : BLIND_SETS) {
            Path index = tmp.resolve(floor.corpus().getParent().getFileName().toString());
            Ingest.run(new Ingest.Options(List.of(floor.corpus()), index, SHIPPED));
            check(floor, evaluate(floor, index));
        }
    }
}
