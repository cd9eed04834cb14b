package kb.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import kb.ingest.Ingest;
import kb.model.Case;
import kb.model.Lesson;
import kb.model.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The casebook we ship meets its own bar (issue 3): checked on every build, so a bad edit fails CI. */
class ShippedCorpusTest {
    static final Path CORPUS = Path.of(System.getProperty("kb.home", ".")).resolve("corpus");
    static CorpusReader.Result read;

    @BeforeAll
    static void read() throws Exception {
        read = CorpusReader.read(List.of(CORPUS), null);
    }

    @Test
    void everyFileIsAcceptedWithoutWarnings() {
        assertEquals(0, read.rejectedFiles(), read.problems().toString());
        assertEquals(List.of(), read.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void atLeast160CasesAnd30PerTriggerAllDeclared() {
        assertTrue(read.cases().size() >= 160, "cases: " + read.cases().size());
        Map<Trigger, Integer> perTrigger = new EnumMap<>(Trigger.class);
        for (Case c : read.cases()) {
            assertTrue(c.declaredTrigger() != null, c.id() + " declares no trigger");
            perTrigger.merge(c.declaredTrigger(), 1, Integer::sum);
            assertTrue(c.path().contains("/" + c.declaredTrigger().slug() + "/"), c.path() + " is not in its trigger's folder");
        }
        for (Trigger t : Trigger.values()) {
            assertTrue(perTrigger.getOrDefault(t, 0) >= 30, t.slug() + ": " + perTrigger.get(t));
        }
    }

    @Test
    void everyCaseHasSourcesSectionsAndTwoLessons() {
        for (Case c : read.cases()) {
            assertTrue(!c.sources().isEmpty(), c.id() + " has no source");
            assertTrue(c.lessons().size() >= 2, c.id() + " has fewer than two lessons");
            assertTrue(c.sections().keySet().containsAll(List.of("概要", "原因", "影響", "対応", "教訓")), c.id() + " lacks a section");
        }
    }

    @Test
    void mostLessonsCarryATheme() {
        List<Lesson> lessons = read.cases().stream().flatMap(c -> c.lessons().stream()).toList();
        long themed = lessons.stream().filter(l -> l.theme() != null).count();
        assertTrue(themed >= 0.7 * lessons.size(), themed + " of " + lessons.size() + " lessons have a theme");
        assertTrue(read.themes().size() >= 15 && read.themes().size() <= 30, "themes: " + read.themes().size());
    }

    @Test
    void ingestFindsNoTriggerDisagreement(@TempDir Path index) throws Exception {
        Ingest.Report report = Ingest.run(new Ingest.Options(List.of(CORPUS), index, CORPUS));
        assertEquals(0, report.triggerWarnings(), report.problems().toString());
    }
}
