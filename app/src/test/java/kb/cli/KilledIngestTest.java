package kb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kb.TestCorpus;
import kb.ingest.Ingest;
import kb.search.SearchRequest;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of an ingest, full or incremental, leaves the previous knowledge base live and whole. */
class KilledIngestTest {
    private static final int BIG = 4000;

    @Test
    void aKilledIngestLeavesThePreviousKnowledgeBaseUsable(@TempDir Path tmp) throws Exception {
        Path index = tmp.resolve("index");
        TestCorpus.ingest(index);
        IndexDirectory dir = new IndexDirectory(index);
        Path before = dir.current().orElseThrow();

        Path big = bigCorpus(tmp.resolve("big"), BIG, "");
        Path building = killWhileWriting(tmp, big, index, before);

        assertTrue(Files.exists(building), "the half-built generation is left behind, unused");
        assertEquals(before, dir.current().orElseThrow(), "CURRENT still names the old generation");
        try (KnowledgeBase kb = KnowledgeBase.open(dir)) {
            assertEquals(8, kb.count());
            assertEquals(8, kb.searcher().search(SearchRequest.of("", 10)).total());
            assertTrue(kb.searcher().search(SearchRequest.of("冗長構成", 10)).total() >= 1);
        }

        TestCorpus.ingest(index);
        assertTrue(Files.notExists(building), "the next ingest clears what the killed one left");
    }

    @Test
    void aKilledIncrementalIngestLeavesThePreviousGenerationWholeThoughItSharesItsFiles(@TempDir Path tmp) throws Exception {
        Path index = tmp.resolve("index");
        Path corpus = bigCorpus(tmp.resolve("big"), BIG / 2, "");
        Ingest.run(new Ingest.Options(List.of(corpus), index, null));
        IndexDirectory dir = new IndexDirectory(index);
        Path before = dir.current().orElseThrow();
        // Every file edited: the incremental ingest has work enough to be killed in the middle of it.
        bigCorpus(corpus, BIG / 2, "改訂語彙あり。");

        Path building = killWhileWriting(tmp, corpus, index, before);

        assertEquals(before, dir.current().orElseThrow(), "CURRENT still names the old generation");
        try (KnowledgeBase kb = KnowledgeBase.open(dir)) {
            assertEquals(BIG / 2, kb.count());
            assertEquals(BIG / 2, kb.searcher().search(SearchRequest.of("事例番号", 10)).total());
            assertEquals(0, kb.searcher().search(SearchRequest.of("改訂語彙", 10)).total(), "none of the edits");
            assertEquals(Optional.empty(), kb.find("case-0").map(c -> c.sections().get("概要")).filter(s -> s.contains("改訂語彙")));
        }

        Ingest.Report report = Ingest.run(new Ingest.Options(List.of(corpus), index, null));
        assertTrue(report.work().incremental(), "the next ingest still builds on the old generation");
        assertTrue(Files.notExists(building), "and clears what the killed one left");
        try (KnowledgeBase kb = KnowledgeBase.open(dir)) {
            assertEquals(BIG / 2, kb.searcher().search(SearchRequest.of("改訂語彙", 10)).total());
        }
    }

    /** Starts {@code tools/kb ingest} as a process and kills it (SIGKILL) once it writes a new generation. */
    private static Path killWhileWriting(Path tmp, Path corpus, Path index, Path current) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process ingest = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Kb.class.getName(),
                "ingest", "--corpus", corpus.toString(), "--index", index.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("ingest.log").toFile()).start();
        Path building = awaitNewGenerationBeingWritten(index, current, ingest);
        ingest.destroyForcibly().waitFor();
        return building;
    }

    /** Waits until the child has a new generation with index files in it, i.e. is writing, not yet done. */
    private static Path awaitNewGenerationBeingWritten(Path index, Path current, Process child) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(child.isAlive(), "the ingest finished before it could be killed; make the corpus bigger");
            Optional<Path> building;
            try (var entries = Files.list(index)) {
                building = entries.filter(p -> p.getFileName().toString().startsWith("gen-") && !p.equals(current))
                        .filter(p -> Files.exists(p.resolve("cases.db")))
                        .findFirst();
            }
            if (building.isPresent()) {
                return building.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no new generation appeared");
    }

    /** {@code n} cases made from the test corpus's, each numbered, with {@code extra} in its summary. */
    private static Path bigCorpus(Path target, int n, String extra) throws Exception {
        Files.createDirectories(target);
        List<Path> templates;
        try (var files = Files.walk(TestCorpus.dir())) {
            templates = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        Files.copy(TestCorpus.dir().resolve("themes.yaml"), target.resolve("themes.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (int i = 0; i < n; i++) {
            Path template = templates.get(i % templates.size());
            Files.writeString(target.resolve("case-" + i + ".md"),
                    Files.readString(template).replace("## 概要\n", "## 概要\n事例番号 " + i + "。" + extra));
        }
        return target;
    }
}
