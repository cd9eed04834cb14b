package kb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kb.TestCorpus;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
    @TempDir
    Path dir;

    private Path corpus() { return dir.resolve("corpus"); }

    @Test
    void theBaselinesHoldTheCasesOfTheKnowledgeBaseNowNotThoseAReingestRemovedOrReplaced() throws Exception {
        TestCorpus.writeCase(corpus(), "2024-01-alpha", "架空の事例", "冷却装置の故障でサーバ室の温度が上がった。");
        TestCorpus.writeCase(corpus(), "2024-02-beta", "架空の事例", "発注システムの故障で注文を受け付けられなかった。");
        // Unchanged cases keep every segment alive: the removed case's document stays in one, deleted.
        for (int month = 1; month <= 10; month++) {
            TestCorpus.writeCase(corpus(), "2023-%02d-filler".formatted(month), "架空の事例", "設備の故障で業務が止まった。");
        }
        TestCorpus.ingest(corpus(), dir.resolve("index"));
        Files.delete(corpus().resolve("2024-02-beta.md"));
        Files.writeString(corpus().resolve("2024-01-alpha.md"), Files.readString(corpus().resolve("2024-01-alpha.md")) + "\n");
        TestCorpus.ingest(corpus(), dir.resolve("index"));
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(dir.resolve("index")));
             Baseline ja = Baseline.japanese(IndexDirectory.luceneIndex(kb.generation()))) {
            assertEquals(List.of(), ja.rank("発注", 10).ids());
            assertEquals(List.of("2024-01-alpha"), ja.rank("冷却", 10).ids());
        }
    }
}
