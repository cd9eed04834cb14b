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
import kb.search.SearchRequest;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of an ingest leaves the previous knowledge base live and whole. */
class KilledIngestTest {
    private static final int BIG = 4000;

    @Test
    void aKilledIngestLeavesThePreviousKnowledgeBaseUsable(@TempDir Path tmp) throws Exception {
        Path index = tmp.resolve("index");
        TestCorpus.ingest(index);
        IndexDirectory dir = new IndexDirectory(index);
        Path before = dir.current().orElseThrow();

        Path big = bigCorpus(tmp.resolve("big"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process ingest = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Kb.class.getName(),
                "ingest", "--corpus", big.toString(), "--index", index.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("ingest.log").toFile()).start();
        Path building = awaitNewGenerationBeingWritten(index, before, ingest);
        ingest.destroyForcibly().waitFor();

        assertTrue(Files.exists(building), "the half-built generation is left behind, unused");
        assertEquals(before, dir.current().orElseThrow(), "CURRENT still names the old generation");
        try (KnowledgeBase kb = KnowledgeBase.open(dir)) {
            assertEquals(8, kb.cases().size());
            assertEquals(8, kb.searcher().search(SearchRequest.of("", 10)).total());
            assertTrue(kb.searcher().search(SearchRequest.of("冗長構成", 10)).total() >= 1);
        }

        TestCorpus.ingest(index);
        assertTrue(Files.notExists(building), "the next ingest clears what the killed one left");
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

    private static Path bigCorpus(Path target) throws Exception {
        Files.createDirectories(target);
        List<Path> templates;
        try (var files = Files.walk(TestCorpus.dir())) {
            templates = files.filter(p -> p.toString().endsWith(".md")).toList();
        }
        Files.copy(TestCorpus.dir().resolve("themes.yaml"), target.resolve("themes.yaml"));
        for (int i = 0; i < BIG; i++) {
            Path template = templates.get(i % templates.size());
            Files.writeString(target.resolve("case-" + i + ".md"),
                    Files.readString(template).replace("## 概要\n", "## 概要\n事例番号 " + i + "。"));
        }
        return target;
    }
}
