package kb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import kb.TestCorpus;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How cases that do not have every chunk whole are ranked, on small corpora written for it. */
class RankingTest {
    @TempDir
    Path dir;

    private Path corpus() { return dir.resolve("corpus"); }

    @Test
    void aCaseWithEveryChunksWordsApartComesBeforeOneWithOneChunkWholeInPassing() throws Exception {
        TestCorpus.writeCase(corpus(), "2020-09-notice-load", "新機能の重複送信",
                "アプリへのプッシュ配信が重複した。昼のピークに負荷が想定の三倍になり、利用の通知が再送された。");
        TestCorpus.writeCase(corpus(), "2019-09-phishing", "偽サイト経由の不正送金", "偽のログイン画面に誘導され、不正送金の被害が出た。"
                + "全利用者へプッシュ通知とメールで注意を呼びかけた。被害に遭われたお客さまには補償規定に基づき個別に対応した。"
                + "偽サイトの閉鎖を関係機関に依頼し、ログイン時の追加認証を全利用者に必須とした。");
        TestCorpus.writeCase(corpus(), "2021-01-batch-load", "夜間バッチの遅延", "月末の夜間バッチで負荷が高まり、処理が遅れた。");
        TestCorpus.writeCase(corpus(), "2022-01-db-load", "データベースの性能低下", "検索の負荷でデータベースの応答が遅れた。");
        TestCorpus.writeCase(corpus(), "2023-01-disk", "ディスク容量不足", "ログの増加でディスクが満杯になり、処理が止まった。");
        assertEquals("2020-09-notice-load", ids("プッシュ通知 負荷").get(0));
    }

    @Test
    void theSameCorpusRanksAlikeWhereverTheIngestPutItsCases() throws Exception {
        String text = "冷却装置の故障でサーバ室の温度が上がり、勘定系が停止した。";
        TestCorpus.writeCase(corpus(), "2024-01-twin-b", "架空のデータセンターで設備が停止", text);
        TestCorpus.writeCase(corpus(), "2024-01-twin-a", "架空のデータセンターで設備が停止", text);
        assertEquals(List.of("2024-01-twin-a", "2024-01-twin-b"), ids("冷却装置"));
        // Re-ingested, a changed case is added anew: Lucene alone would now rank it after its twin.
        TestCorpus.writeCase(corpus(), "2024-01-twin-a", "架空のデータセンターで設備が停止", text + "\n");
        assertEquals(List.of("2024-01-twin-a", "2024-01-twin-b"), ids("冷却装置"));
    }

    @Test
    void casesOfTheSameMonthSortedByDateComeInTheOrderOfTheirIds() throws Exception {
        String text = "冷却装置の故障でサーバ室の温度が上がり、勘定系が停止した。";
        TestCorpus.writeCase(corpus(), "2024-01-twin-b", "架空のデータセンターで設備が停止", text);
        TestCorpus.writeCase(corpus(), "2024-01-twin-a", "架空の電算センターで空調が停止", text);
        TestCorpus.writeCase(corpus(), "2023-12-earlier", "架空のデータセンターで設備が停止", text);
        assertEquals(List.of("2024-01-twin-a", "2024-01-twin-b", "2023-12-earlier"), idsByDate("冷却装置"));
        TestCorpus.writeCase(corpus(), "2024-01-twin-a", "架空の電算センターで空調が停止", text + "\n");
        assertEquals(List.of("2024-01-twin-a", "2024-01-twin-b", "2023-12-earlier"), idsByDate("冷却装置"));
    }

    /** The corpus ingested (again, from what changed), and the ids {@code query} finds, in order. */
    private List<String> ids(String query) throws Exception {
        return ids(SearchRequest.of(query, 10));
    }

    private List<String> idsByDate(String query) throws Exception {
        return ids(new SearchRequest(query, null, null, null, null, SearchRequest.Sort.DATE, 0, 10));
    }

    private List<String> ids(SearchRequest request) throws Exception {
        Path index = dir.resolve("index");
        TestCorpus.ingest(corpus(), index);
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(index))) {
            return kb.searcher().search(request).hits().stream().map(Hit::id).toList();
        }
    }
}
