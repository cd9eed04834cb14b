package kb.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kb.cli.Kb;
import kb.corpus.CorpusReader;
import kb.model.Case;
import kb.model.Industry;
import kb.model.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {
    private static final Path SHIPPED = Path.of(System.getProperty("kb.home", ".")).resolve("corpus");

    @Test
    void syntheticCasesAreValidVariedAndReproducible(@TempDir Path tmp) throws Exception {
        SyntheticCorpus synth = SyntheticCorpus.from(SHIPPED);
        synth.write(tmp.resolve("a"), 300, 7, () -> {});
        CorpusReader.Result read = CorpusReader.read(List.of(tmp.resolve("a")), null);
        assertEquals(0, read.rejectedFiles(), read.problems().toString());
        assertEquals(300, read.cases().size());
        assertTrue(read.problems().isEmpty(), read.problems().toString());

        Set<Trigger> triggers = new HashSet<>();
        Set<String> industries = new HashSet<>();
        long declared = 0;
        for (Case c : read.cases()) {
            industries.add(c.industry());
            if (c.declaredTrigger() != null) {
                declared++;
                triggers.add(c.declaredTrigger());
            }
            assertTrue(!c.lessons().isEmpty() && c.sections().size() >= 4, c.id());
        }
        assertEquals(Set.of(Trigger.values()), triggers);
        assertEquals(Set.copyOf(Industry.ALL), industries);
        assertTrue(declared > 110 && declared < 190, "about half declare their trigger: " + declared);

        synth.write(tmp.resolve("b"), 300, 7, () -> {});
        synth.write(tmp.resolve("c"), 300, 8, () -> {});
        String path = synth.relativePath(123, 7);
        assertEquals(Files.readString(tmp.resolve("a").resolve(path)), Files.readString(tmp.resolve("b").resolve(path)));
        assertEquals(synth.text(123, 7), Files.readString(tmp.resolve("a").resolve(path)));
        assertNotEquals(synth.text(123, 7), synth.text(123, 8));
    }

    @Test
    void theCommandNeverWritesIntoTheShippedCorpusNorOverFiles(@TempDir Path tmp) throws Exception {
        StringWriter err = new StringWriter();
        int code = Kb.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "synth", "--cases", "5", "--out", SHIPPED.resolve("synthetic").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("shipped corpus"), err.toString());
        assertTrue(Files.notExists(SHIPPED.resolve("synthetic")));

        Files.writeString(tmp.resolve("keep.txt"), "x");
        assertEquals(2, Kb.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "synth", "--cases", "5", "--out", tmp.toString()));
        assertEquals(0, Kb.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "synth", "--cases", "5", "--out", tmp.resolve("new").toString()));
        assertEquals(5, CorpusReader.read(List.of(tmp.resolve("new")), null).cases().size());
    }
}
