package kb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kb.TestCorpus;
import kb.model.Trigger;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseSearcherFacetsTest {
    @Test
    void facetsCountEveryValueOfTheMatchingCasesMostFrequentFirst(@TempDir Path tmp) throws Exception {
        TestCorpus.ingest(tmp);
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(tmp))) {
            Map<String, Map<String, Integer>> all = kb.searcher().search(SearchRequest.of("", 10)).facets();
            assertEquals(Map.of("attack", 2, "integration", 2, "operations", 2, "special-work", 2), all.get("trigger"));
            assertEquals(List.of("attack", "integration", "operations", "special-work"), List.copyOf(all.get("trigger").keySet()));
            assertEquals(List.of("銀行", "金融市場インフラ", "保険", "暗号資産交換業", "証券"), List.copyOf(all.get("industry").keySet()));
            assertEquals(3, all.get("industry").get("銀行"));
            assertEquals(2, all.get("pattern").get("作業手順誤り"));
            assertEquals(2, all.get("year").get("2024"));

            Map<String, Map<String, Integer>> attack = kb.searcher()
                    .search(SearchRequest.of("", 10).withTrigger(Trigger.ATTACK)).facets();
            assertEquals(Map.of("attack", 2), attack.get("trigger"));
            assertEquals(Map.of("2025", 1, "2024", 1), attack.get("year"));
        }
    }
}
