package kb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kb.ingest.Ingest;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
    @TempDir
    Path dir;

    @Test
    void theBaselinesHoldTheCasesOfTheKnowledgeBaseNowNotThoseAReingestRemovedOrReplaced() throws Exception {
        write("2024-01-alpha", "冷却装置の故障でサーバ室の温度が上がった。");
        write("2024-02-beta", "発注システムの故障で注文を受け付けられなかった。");
        // Unchanged cases keep every segment alive: the removed case's document stays in one, deleted.
        for (int month = 1; month <= 10; month++) {
            write("2023-%02d-filler".formatted(month), "設備の故障で業務が止まった。");
        }
        ingest();
        Files.delete(dir.resolve("corpus/2024-02-beta.md"));
        Files.writeString(dir.resolve("corpus/2024-01-alpha.md"), Files.readString(dir.resolve("corpus/2024-01-alpha.md")) + "\n");
        ingest();
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(dir.resolve("index")));
             Baseline ja = Baseline.japanese(IndexDirectory.luceneIndex(kb.generation()))) {
            assertEquals(List.of(), ja.rank("発注", 10).ids());
            assertEquals(List.of("2024-01-alpha"), ja.rank("冷却", 10).ids());
        }
    }

    private void write(String id, String summary) throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve(id + ".md"), """
                ---
                title: 架空の事例
                date: %s
                industry: 銀行
                trigger: operations
                sources:
                  - {publisher: テスト用の架空の出典, title: 架空の報告書, date: 2025-01}
                ---
                ## 概要
                %s
                ## 教訓
                - 次回の変更前に確認する。
                """.formatted(id.substring(0, 7), summary));
    }

    private void ingest() throws Exception {
        Ingest.run(new Ingest.Options(List.of(dir.resolve("corpus")), dir.resolve("index"), null));
    }
}
