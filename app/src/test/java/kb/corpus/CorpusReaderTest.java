package kb.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kb.TestCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {
    @Test
    void readsEveryCaseAndTheThemes() throws Exception {
        CorpusReader.Result r = CorpusReader.read(List.of(TestCorpus.dir()), null);
        assertEquals(8, r.cases().size());
        assertEquals(0, r.rejectedFiles());
        assertTrue(r.themes().size() >= 15);
        assertTrue(r.problems().isEmpty(), r.problems().toString());
    }

    @Test
    void rejectsDuplicateIdsAndBadFilesButKeepsTheRest(@TempDir Path tmp) throws Exception {
        Path corpus = TestCorpus.copyTo(tmp.resolve("c"));
        Files.copy(corpus.resolve("a/2025-01-bank-ddos.md"), corpus.resolve("b/2025-01-bank-ddos.md"));
        Files.writeString(corpus.resolve("b/broken.md"), "---\ntitle: x\ndate: 2024-01\n---\n## 概要\nx\n");
        CorpusReader.Result r = CorpusReader.read(List.of(corpus), null);
        assertEquals(8, r.cases().size());
        assertEquals(2, r.rejectedFiles());
        List<String> errors = r.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("b/2025-01-bank-ddos.md") && e.contains("duplicate case id")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("b/broken.md:2: error: missing required field 'industry'")), errors.toString());
    }

    @Test
    void aFileNameThatIsNotAnIdStillGivesACaseWithAStableId(@TempDir Path tmp) throws Exception {
        Path corpus = TestCorpus.copyTo(tmp.resolve("c"));
        Files.move(corpus.resolve("a/2025-01-bank-ddos.md"), corpus.resolve("a/INC_2025_001.MD"));
        Files.copy(corpus.resolve("a/INC_2025_001.MD"), corpus.resolve("a/障害報告.md"));
        CorpusReader.Result r = CorpusReader.read(List.of(corpus), null);
        assertEquals(0, r.rejectedFiles(), r.problems().toString());
        List<String> ids = r.cases().stream().map(c -> c.id()).toList();
        assertTrue(ids.contains("inc-2025-001"), ids.toString());
        String japanese = CorpusReader.idOf("障害報告");
        assertTrue(japanese.matches("case-[0-9a-f]{8}") && ids.contains(japanese), ids.toString());
        assertEquals(japanese, CorpusReader.idOf("障害報告"));
        assertTrue(r.problems().stream().anyMatch(p -> !p.isError() && p.toString().contains("INC_2025_001.MD")
                && p.message().contains("'inc-2025-001'")), r.problems().toString());
    }

    @Test
    void readsNothingOutsideTheCorpusAndReportsLinksThatLoopOrLeadNowhere(@TempDir Path tmp) throws Exception {
        Path corpus = TestCorpus.copyTo(tmp.resolve("c"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.copy(corpus.resolve("a/2025-01-bank-ddos.md"), outside.resolve("2025-02-outside.md"));
        Files.createSymbolicLink(corpus.resolve("a/2025-02-outside.md"), outside.resolve("2025-02-outside.md"));
        Files.createSymbolicLink(corpus.resolve("more"), outside);
        Files.createSymbolicLink(corpus.resolve("b/2025-03-inside.md"), corpus.resolve("a/2025-01-bank-ddos.md"));
        Files.createSymbolicLink(corpus.resolve("b/loop-1.md"), corpus.resolve("b/loop-2.md"));
        Files.createSymbolicLink(corpus.resolve("b/loop-2.md"), corpus.resolve("b/loop-1.md"));
        Files.createSymbolicLink(corpus.resolve("b/up"), corpus);
        Files.createSymbolicLink(corpus.resolve("b/gone.md"), tmp.resolve("no-such-file.md"));

        CorpusReader.Result r = CorpusReader.read(List.of(corpus), null);

        List<String> ids = r.cases().stream().map(c -> c.id()).toList();
        assertEquals(9, ids.size(), ids.toString());
        assertTrue(ids.contains("2025-03-inside"), "a link to a file inside the corpus is read");
        assertFalse(ids.contains("2025-02-outside"), "a link to a file outside is not");
        assertEquals(0, r.rejectedFiles());
        List<String> warnings = r.problems().stream().map(Problem::toString).toList();
        assertTrue(warnings.contains(corpus.resolve("a/2025-02-outside.md") + ": warning: not read: a symbolic link that "
                + "leads outside the corpus directory (to " + outside.toRealPath().resolve("2025-02-outside.md") + ")"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith(corpus.resolve("more") + ": warning: not read: a symbolic link that leads outside")), warnings.toString());
        assertTrue(warnings.contains(corpus.resolve("b/loop-1.md") + ": warning: not read: a symbolic link loop"), warnings.toString());
        assertTrue(warnings.contains(corpus.resolve("b/loop-2.md") + ": warning: not read: a symbolic link loop"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith(corpus.resolve("b/up") + ": warning: not followed: a symbolic link loop")), warnings.toString());
        assertTrue(warnings.contains(corpus.resolve("b/gone.md") + ": warning: not read: a symbolic link that leads nowhere"), warnings.toString());
    }

    @Test
    void aFileOverTheLimitIsRejectedFromItsSizeWithoutBeingRead(@TempDir Path tmp) throws Exception {
        Path corpus = TestCorpus.copyTo(tmp.resolve("c"));
        // 3 GB, sparse: reading it whole would fail (no Java array holds it) long before any size check after it.
        try (RandomAccessFile big = new RandomAccessFile(corpus.resolve("a/2025-04-huge.md").toFile(), "rw")) {
            big.setLength(3L << 30);
        }
        CorpusReader.Result r = CorpusReader.read(List.of(corpus), null);
        assertEquals(8, r.cases().size());
        assertEquals(1, r.rejectedFiles());
        assertEquals(List.of(corpus.resolve("a/2025-04-huge.md") + ": error: file is 3221225472 bytes, over the 1 MiB limit"),
                r.problems().stream().map(Problem::toString).toList());
    }
}
