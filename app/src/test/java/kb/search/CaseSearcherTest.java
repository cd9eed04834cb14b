package kb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import kb.TestCorpus;
import kb.model.Trigger;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaseSearcherTest {
    @TempDir
    static Path index;
    static KnowledgeBase kb;

    @BeforeAll
    static void ingest() throws Exception {
        TestCorpus.ingest(index);
        kb = KnowledgeBase.open(new IndexDirectory(index));
    }

    @AfterAll
    static void close() throws Exception {
        kb.close();
    }

    private static SearchResult search(String q) throws Exception {
        return kb.searcher().search(SearchRequest.of(q, 10));
    }

    /** The texts a hit's passages mark. */
    private static List<String> marked(Hit hit) {
        return hit.passages().stream().flatMap(p -> p.matchedTexts().stream()).toList();
    }

    private static List<String> ids(SearchResult r) {
        return r.hits().stream().map(Hit::id).toList();
    }

    @ParameterizedTest
    @CsvSource({
            "ORA-00942, 2020-10-exchange-failover",
            "RC23, 2023-10-relay-replacement",
            "rc23, 2023-10-relay-replacement",
            "192.168.10.5, 2024-07-edr-update",
            "v10.5.0, 2021-02-batch-capacity",
            "10.5, 2021-02-batch-capacity",
            "ＤＤｏＳ, 2025-01-bank-ddos",
            "ddos, 2025-01-bank-ddos",
            "ｳｫﾚｯﾄ, 2024-05-wallet-outflow",
            "タイムアウト, 2012-08-trading-deploy",
            "ATM仕様, 2019-04-atm-spec",
    })
    void findsCodesAndWordsAsTyped(String query, String expected) throws Exception {
        SearchResult r = search(query);
        assertTrue(ids(r).contains(expected), query + " → " + ids(r));
        assertFalse(r.relaxed());
    }

    @Test
    void aCompoundFewCasesHaveWholeIsOfferedSplitOnlyWhenTheSplitFindsMore() throws Exception {
        // 銀行移行: 2 cases whole, 銀行 移行 finds 3. 銀行ATM: 2 cases whole, 銀行 ATM finds the same 2.
        SearchResult few = search("銀行移行");
        assertEquals(2, few.exact());
        assertNotNull(few.didYouMean());
        assertEquals("銀行 移行", few.didYouMean().query());
        assertEquals(Correction.Reason.SPLIT, few.didYouMean().reason());
        assertEquals(3, search("銀行 移行").exact());

        SearchResult same = search("銀行ATM");
        assertEquals(2, same.exact());
        assertEquals(2, search("銀行 ATM").exact());
        assertEquals(null, same.didYouMean(), "a split that finds no more cases is not offered");
    }

    @Test
    void aPartOfACodeIsNotAnyNumber() throws Exception {
        // "10.5" must find v10.5.0 but not 192.168.10.5's neighbours in the wrong order.
        assertEquals(List.of(), ids(search("5.10")));
    }

    @Test
    void splitWordsMatchAsAPhraseNotAsLoosePieces() throws Exception {
        // タイムアウト is split by Kuromoji into タイム/アウト; the phrase must not match タイム alone.
        SearchResult r = search("タイムアウト");
        assertEquals(List.of("2012-08-trading-deploy"), ids(r));
    }

    @Test
    void wordsAreAndedAndTitlesWeighMore() throws Exception {
        SearchResult r = search("ATM 障害");
        assertTrue(r.total() >= 1);
        SearchResult both = search("冗長構成 切替");
        assertEquals("2020-10-exchange-failover", both.hits().get(0).id());
    }

    @Test
    void japaneseWordsTypedWithoutSpacesMatchWhenNearEachOther() throws Exception {
        // 「切替が機能しなかった」: 切替 and 機能 stand apart in the text; typed as one chunk they still match.
        assertTrue(ids(search("切替機能")).contains("2020-10-exchange-failover"));
        SearchResult apart = search("夜間入金ローンカード");
        assertEquals(0, apart.exact(), "words far apart or missing do not match whole");
        assertTrue(apart.relaxed() && apart.total() > 0, "but the cases with some of its words follow: no dead end");
        assertEquals(List.of(), apart.unmatched());
    }

    @Test
    void aQuestionTypedAsASentenceFindsTheCaseOnMostOfItsWords() throws Exception {
        // One chunk, far too many words to stand together as typed: most of them anywhere in the case match.
        SearchResult r = search("取引所でディスク装置が故障して待機系に切り替わらず売買が止まった事例は？");
        assertEquals("2020-10-exchange-failover", r.hits().get(0).id(), ids(r).toString());
        assertFalse(marked(r.hits().get(0)).isEmpty(), r.hits().get(0).passages().toString());
    }

    @Test
    void casesWithEveryWordComeFirstThenThoseWithSome() throws Exception {
        SearchResult r = search("切替 ATM");
        assertEquals(0, r.exact(), "no fixture case has both");
        assertTrue(r.relaxed());
        SearchResult mixed = search("冗長構成 切替");
        assertTrue(mixed.exact() >= 1);
        List<String> exact = ids(mixed).subList(0, (int) mixed.exact());
        assertTrue(exact.contains("2020-10-exchange-failover"), exact.toString());
        SearchResult wider = search("ATM 取り込む");
        assertTrue(wider.exact() >= 1 && wider.total() > wider.exact(), wider.exact() + " of " + wider.total());
        assertFalse(wider.relaxed());
        assertTrue(ids(wider).indexOf("2021-02-batch-capacity") < wider.exact(), ids(wider).toString());

        // Every page counts alike, whether or not it is full of cases with every word.
        SearchResult first = kb.searcher().search(new SearchRequest("ATM 取り込む", null, null, null, null,
                SearchRequest.Sort.RELEVANCE, 0, 1));
        SearchResult second = kb.searcher().search(new SearchRequest("ATM 取り込む", null, null, null, null,
                SearchRequest.Sort.RELEVANCE, 1, 1));
        assertEquals(wider.total(), first.total());
        assertEquals(first.total(), second.total());
        assertEquals(first.exact(), second.exact());
        assertEquals(List.of(ids(wider).get(1)), ids(second));
    }

    @Test
    void mergingKeepsTheExactOrderDropsRepeatsAndStopsAtThePage() {
        TopDocs exact = topDocs(2, 2, 7);
        TopDocs partial = topDocs(4, 9, 7, 2, 4);
        assertEquals(List.of(2, 7, 9, 4), docs(CaseSearcher.exactFirst(exact, partial, 10)));
        assertEquals(List.of(2, 7, 9), docs(CaseSearcher.exactFirst(exact, partial, 3)));
        assertEquals(4, CaseSearcher.exactFirst(exact, partial, 3).totalHits.value(), "the total is that of all cases with some word");
    }

    @Test
    void casesOfEqualScoreComeInTheOrderOfTheirIdsReadOnlyForTheTies() {
        ScoreDoc[] ranked = {new ScoreDoc(5, 2f), new ScoreDoc(3, 1f), new ScoreDoc(9, 1f), new ScoreDoc(1, 1f), new ScoreDoc(4, 0.5f)};
        Map<Integer, String> ids = Map.of(3, "case-b", 9, "case-a", 1, "case-c");
        List<Integer> read = new ArrayList<>();
        ScoreDoc[] sorted = CaseSearcher.tiesById(ranked, (a, b) -> a.score == b.score, doc -> {
            read.add(doc);
            return ids.get(doc);
        });
        assertEquals(List.of(5, 9, 3, 1, 4), Arrays.stream(sorted).map(d -> d.doc).toList());
        assertEquals(List.of(1, 3, 9), read.stream().sorted().toList());
        assertEquals(3, ranked[1].doc, "the ranking given is left as it was");
    }

    /** TopDocs of {@code total} hits whose best are {@code docs}, in that order. */
    private static TopDocs topDocs(int total, int... docs) {
        ScoreDoc[] scored = new ScoreDoc[docs.length];
        for (int i = 0; i < docs.length; i++) {
            scored[i] = new ScoreDoc(docs[i], docs.length - i);
        }
        return new TopDocs(new TotalHits(total, TotalHits.Relation.EQUAL_TO), scored);
    }

    private static List<Integer> docs(TopDocs docs) {
        return Arrays.stream(docs.scoreDocs).map(d -> d.doc).toList();
    }

    @Test
    void aWordTypedWithOkuriganaAlsoFindsItsCompactForm() throws Exception {
        // The case writes 振込; users type 振り込み.
        SearchResult r = search("振り込み");
        assertEquals(1, r.exact());
        assertEquals("2023-10-relay-replacement", r.hits().get(0).id());
        assertEquals("切替", CaseQueryBuilder.withoutKana("切り替え"));
        assertEquals("給与振込", CaseQueryBuilder.withoutKana("給与が振り込まれない"));
        assertEquals(null, CaseQueryBuilder.withoutKana("うるう年"), "one kanji left is no word");
        assertEquals(null, CaseQueryBuilder.withoutKana("DDoS"));
    }

    @Test
    void aWordAlsoFindsItsSynonyms() throws Exception {
        // The wallet case says 暗号資産 only; 仮想通貨 is the older word for it.
        assertEquals(List.of("2024-05-wallet-outflow"), ids(search("仮想通貨")));
        assertTrue(marked(search("仮想通貨").hits().get(0)).contains("暗号資産"));
    }

    @Test
    void theThesaurusAppliesInsideACompoundTypedWithoutSpaces() throws Exception {
        // The case says 待機系; スタンバイ系 is the same thing in other words, typed here inside a compound.
        SearchResult r = search("スタンバイ系への自動切替");
        assertEquals("2020-10-exchange-failover", r.hits().get(0).id(), ids(r).toString());
        assertEquals(1, r.exact());
    }

    @Test
    void aQueryTypedInKanaFindsTheWordsItReadsAs() throws Exception {
        // ばいばいていし is how 売買停止 reads.
        SearchResult r = search("ばいばいていし");
        assertEquals("2020-10-exchange-failover", r.hits().get(0).id(), ids(r).toString());
        assertTrue(r.exact() >= 1);
        assertFalse(marked(r.hits().get(0)).isEmpty(), r.hits().get(0).passages().toString());
    }

    @Test
    void aLoanwordTypedInHiraganaIsSaidAnotherWayAsItsKatakana() throws Exception {
        // No case writes フェイルオーバー, so it has no reading to find; the thesaurus knows it as a kind of 切替,
        // which the failover case says.
        SearchResult r = search("ふぇいるおーばー");
        assertFalse(r.hits().isEmpty(), "no result");
        assertEquals("2020-10-exchange-failover", r.hits().get(0).id(), ids(r).toString());
    }

    @Test
    void aWordMistypedByTheInputMethodFindsTheWordItSoundsLike() throws Exception {
        // 停氏 is no word of the casebook; it reads テイシ, as 停止 does.
        SearchResult r = search("売買停氏");
        assertEquals("2020-10-exchange-failover", r.hits().get(0).id(), ids(r).toString());
    }

    @Test
    void highlightsWholeWords() throws Exception {
        Hit hit = search("タイムアウト").hits().get(0);
        assertTrue(marked(hit).contains("タイムアウト"), hit.passages().toString());
        Hit code = search("ORA-00942").hits().get(0);
        assertTrue(marked(code).contains("ORA-00942"), code.passages().toString());
    }

    @Test
    void passagesAreThePlainTextWithTheOffsetsOfTheMatches() throws Exception {
        Hit hit = search("<script>alert(1)</script> 冗長構成").hits().get(0);
        Passage p = hit.passages().get(0);
        assertFalse(p.text().contains("&lt;"), "plain text, not HTML: each client escapes it");
        for (Passage.Match m : p.matches()) {
            assertTrue(0 <= m.start() && m.start() < m.end() && m.end() <= p.text().length(), m.toString());
        }
        assertEquals(List.of("冗長構成"), p.matchedTexts().stream().distinct().toList());
    }

    @Test
    void filtersAndFacets() throws Exception {
        SearchResult all = kb.searcher().search(SearchRequest.of("", 100));
        assertEquals(8, all.total());
        assertEquals(2, all.facets().get("trigger").get("attack"));
        assertEquals(List.of("attack", "integration", "operations", "special-work"), List.copyOf(all.facets().get("trigger").keySet()));
        SearchResult attacks = kb.searcher().search(SearchRequest.of("", 100).withTrigger(Trigger.ATTACK));
        assertEquals(2, attacks.total());
        SearchResult banks2019 = kb.searcher().search(new SearchRequest("", null, "銀行", 2019, null, SearchRequest.Sort.DATE, 0, 10));
        assertEquals(List.of("2019-04-atm-spec"), ids(banks2019));
        SearchResult byPattern = kb.searcher().search(new SearchRequest("", null, null, null, "DDoS攻撃", null, 0, 10));
        assertEquals(List.of("2025-01-bank-ddos"), ids(byPattern));
    }

    @Test
    void sortsByDateNewestFirst() throws Exception {
        SearchResult r = kb.searcher().search(new SearchRequest("障害", null, null, null, null, SearchRequest.Sort.DATE, 0, 100));
        List<String> dates = r.hits().stream().map(Hit::date).toList();
        assertEquals(dates.stream().sorted(java.util.Comparator.reverseOrder()).toList(), dates);
    }

    @Test
    void pagesThroughResults() throws Exception {
        SearchResult first = kb.searcher().search(new SearchRequest("", null, null, null, null, null, 0, 3));
        SearchResult second = kb.searcher().search(new SearchRequest("", null, null, null, null, null, 3, 3));
        assertEquals(3, first.hits().size());
        assertEquals(3, second.hits().size());
        assertTrue(java.util.Collections.disjoint(ids(first), ids(second)));
    }

    @Test
    void relaxesWhenNoCaseHasEveryWordAndNamesTheMissingOnes() throws Exception {
        SearchResult r = search("DDoS zqxwv");
        assertTrue(r.relaxed());
        assertEquals(List.of("2025-01-bank-ddos"), ids(r));
        assertEquals(List.of("zqxwv"), r.unmatched());
    }

    @Test
    void excludesWithMinus() throws Exception {
        assertFalse(ids(search("障害 -ATM")).contains("2019-04-atm-spec"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"unbalanced", "AND", "*", "(", ")", "OR OR", "- -", "\\", "[x", "title:", "~", "\u3000", "「括弧"})
    void oddQueriesNeverFail(String q) throws Exception {
        assertNotNull(search(q));
    }

    @Test
    void longQueriesAreTruncated() throws Exception {
        SearchResult r = search("障害 ".repeat(1000));
        assertTrue(r.truncated());
    }

    @Test
    void relatedCasesExcludeTheCaseItself() throws Exception {
        List<Hit> related = kb.searcher().related("2020-10-exchange-failover", 5);
        assertFalse(related.stream().anyMatch(h -> h.id().equals("2020-10-exchange-failover")));
        assertTrue(kb.searcher().related("no-such-case", 5).isEmpty());
    }
}
