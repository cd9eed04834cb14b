package kb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import kb.TestCorpus;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ingest does when it cannot do its job: the exit code says why, and the live knowledge base stays. */
class IngestFaultsTest {
    @TempDir
    Path tmp;

    private Path index() { return tmp.resolve("index"); }

    private Path liveGeneration() throws Exception {
        TestCorpus.ingest(index());
        return new IndexDirectory(index()).current().orElseThrow();
    }

    private CliTest.Run ingest(Path corpus) {
        return CliTest.kb("ingest", "--corpus", corpus.toString(), "--index", index().toString());
    }

    private void assertStillLive(Path generation) throws Exception {
        IndexDirectory dir = new IndexDirectory(index());
        assertEquals(generation, dir.current().orElseThrow());
        try (KnowledgeBase kb = KnowledgeBase.open(dir)) {
            assertEquals(8, kb.count());
        }
    }

    @Test
    void aBinaryThemesFileRejectsTheIngestAndKeepsTheLiveKnowledgeBase() throws Exception {
        Path live = liveGeneration();
        Path corpus = TestCorpus.copyTo(tmp.resolve("corpus"));
        Files.write(corpus.resolve("themes.yaml"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, (byte) 0xfe, 1, 2});
        CliTest.Run run = ingest(corpus);
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains(corpus.resolve("themes.yaml") + ": error: not valid UTF-8 text"), run.err());
        assertTrue(run.err().contains("was not changed"), run.err());
        assertStillLive(live);
    }

    @Test
    void anAliasBombInTheThemesFileRejectsTheIngest() throws Exception {
        Path live = liveGeneration();
        Path corpus = TestCorpus.copyTo(tmp.resolve("corpus"));
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String prev = String.valueOf((char) (c - 1));
            bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *")
                    .append(prev).append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }
        bomb.append("themes: *j\n");
        Files.writeString(corpus.resolve("themes.yaml"), bomb);
        CliTest.Run run = ingest(corpus);
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains(corpus.resolve("themes.yaml") + ":"), run.err());
        assertStillLive(live);
    }

    @Test
    void aThemesFileWithoutThemesRejectsTheIngest() throws Exception {
        Path live = liveGeneration();
        Path corpus = TestCorpus.copyTo(tmp.resolve("corpus"));
        Files.writeString(corpus.resolve("themes.yaml"), "テーマ: なし\n");
        CliTest.Run run = ingest(corpus);
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains(corpus.resolve("themes.yaml") + ":1: error: expected 'themes:'"), run.err());
        assertStillLive(live);
    }

    @Test
    void anIoFailureExitsWithThreeAndKeepsTheLiveKnowledgeBase() throws Exception {
        Path live = liveGeneration();
        // A leftover that cannot be cleared (a directory where CURRENT.tmp is written) makes writing fail.
        Files.createDirectories(index().resolve("CURRENT.tmp/in-the-way"));
        CliTest.Run run = ingest(TestCorpus.dir());
        assertEquals(3, run.code(), run.err());
        assertTrue(run.err().contains("I/O failure"), run.err());
        assertStillLive(live);

        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "x");
        CliTest.Run again = CliTest.kb("ingest", "--corpus", TestCorpus.dir().toString(), "--index", notADirectory.toString());
        assertEquals(3, again.code(), again.err());
    }

    @Test
    void theNextIngestRemovesWhatKilledIngestsLeft() throws Exception {
        Path live = liveGeneration();
        Path halfBuilt = Files.createDirectories(index().resolve("gen-20200101-000000-000-1/lucene"));
        Files.writeString(halfBuilt.resolve("_0.cfs"), "half");
        Files.writeString(index().resolve("CURRENT.tmp"), "gen-20200101-000000-000-1\n");
        CliTest.Run run = ingest(TestCorpus.dir());
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.notExists(halfBuilt.getParent()));
        assertTrue(Files.notExists(index().resolve("CURRENT.tmp")));
        assertTrue(Files.notExists(live), "the generation replaced is removed too");
        try (var entries = Files.list(index())) {
            assertEquals(1, entries.filter(p -> p.getFileName().toString().startsWith("gen-")).count());
        }
    }
}
