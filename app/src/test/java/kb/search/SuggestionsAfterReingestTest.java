package kb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kb.TestCorpus;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suggestions name only what the knowledge base has now, not what a re-ingest replaced or removed. */
class SuggestionsAfterReingestTest {
    private static final String SUMMARY = "サーバ室の設備が止まり、業務が停止した。";

    @TempDir
    Path dir;

    private Path corpus() { return dir.resolve("corpus"); }

    @Test
    void aRetitledOrRemovedCaseAndItsOldLabelsAreNoLongerSuggested() throws Exception {
        TestCorpus.writeCase(corpus(), "2024-01-alpha", "架空の銀行で冷却装置が停止", SUMMARY, "冷却停止");
        TestCorpus.writeCase(corpus(), "2024-02-beta", "架空の証券会社で発注システムが停止", SUMMARY, "発注停止");
        // Unchanged cases keep every segment alive: the old documents of the others stay in them, deleted.
        for (int month = 1; month <= 10; month++) {
            TestCorpus.writeCase(corpus(), "2023-%02d-filler".formatted(month), "架空の会社で設備が停止", SUMMARY, "設備停止");
        }
        assertEquals(List.of("冷却停止", "架空の銀行で冷却装置が停止"), suggested("冷却"));
        assertEquals(List.of("発注停止", "架空の証券会社で発注システムが停止"), suggested("発注"));

        TestCorpus.writeCase(corpus(), "2024-01-alpha", "架空の信用金庫で空調が停止", SUMMARY, "空調停止");
        Files.delete(corpus().resolve("2024-02-beta.md"));
        assertEquals(List.of(), suggested("冷却"));
        assertEquals(List.of(), suggested("発注"));
        assertTrue(suggested("空調").containsAll(List.of("空調停止", "架空の信用金庫で空調が停止")));
    }

    /** The corpus ingested (again, from what changed), and the texts suggested for {@code typed}. */
    private List<String> suggested(String typed) throws Exception {
        Path index = dir.resolve("index");
        TestCorpus.ingest(corpus(), index);
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(index))) {
            return kb.searcher().suggest(typed, 8).stream().map(Suggester.Suggestion::text).toList();
        }
    }
}
