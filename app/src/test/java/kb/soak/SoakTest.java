package kb.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import kb.TestCorpus;
import org.junit.jupiter.api.Test;

/** The soak harness itself, for a few seconds on the test corpus: every kind of client succeeds and is measured. */
class SoakTest {
    @Test
    void aShortSoakRunsEveryKindOfClientWithoutErrorsAndReportsItsFigures() throws Exception {
        StringWriter text = new StringWriter();
        Soak.Report report = Soak.run(TestCorpus.dir(), Duration.ofSeconds(8), 5, new PrintWriter(text, true));
        assertEquals(0, report.errors(), text.toString());
        assertTrue(report.requests() > 20, text.toString());
        assertEquals(1, report.minutes().size(), text.toString());
        Soak.Minute m = report.minutes().get(0);
        assertTrue(m.p50() > 0 && m.p50() <= m.p95() && m.p95() <= m.p99() && m.heapMb() > 0, m.toString());
        assertTrue(text.toString().contains("{READER=2, REVIEWER=1, TRAINER=1, LOGIN=1}"), text.toString());
    }

    @Test
    void personasMixReadersReviewersTrainersAndSignIns() {
        List<Soak.Persona> sixteen = Soak.personas(16);
        assertEquals(7, sixteen.stream().filter(p -> p == Soak.Persona.READER).count());
        assertEquals(4, sixteen.stream().filter(p -> p == Soak.Persona.REVIEWER).count());
        assertEquals(3, sixteen.stream().filter(p -> p == Soak.Persona.TRAINER).count());
        assertEquals(2, sixteen.stream().filter(p -> p == Soak.Persona.LOGIN).count());
    }
}
