package kb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query builder on its own: a small thesaurus, a handful of documents in memory, queries in, ids out. */
class CaseQueryBuilderTest {
    private static final Thesaurus THESAURUS = Thesaurus.of("""
            二重起動, 多重起動
            DB, データベース
            フェイルオーバー, フェールオーバー, 系切替
            """, """
            ランサムウェア => マルウェア
            """, """
            自然災害 => 地震, 台風
            """);

    private static DirectoryReader reader;
    private static IndexSearcher searcher;
    private static CaseQueryBuilder builder;

    @BeforeAll
    static void index() throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(Analyzers.forIndexing()))) {
            w.addDocument(doc("job", "夜間バッチの遅延", "ジョブが二重に起動し、同じ振込データを二度送信した。"));
            w.addDocument(doc("db", "データベースの更改", "データベースを新しい基盤へ更改した翌朝に障害が起きた。"));
            w.addDocument(doc("db-typed", "DB更改の失敗", "DB更改の当日、移行手順の誤りで停止した。"));
            w.addDocument(doc("power", "停電で勘定系が停止", "データセンターの停電により勘定系が停止した。タイムアウトが多発した。"));
            w.addDocument(doc("malware", "マルウェア感染", "端末がマルウェアに感染し、情報が外部に送られた。"));
            w.addDocument(doc("ransom", "ランサムウェア被害", "サーバがランサムウェアで暗号化された。"));
            w.addDocument(doc("quake", "地震によるセンター停止", "地震でセンターが被災し、系切替が行われた。"));
            w.addDocument(doc("code", "v10.5.0 の不具合", "バージョン v10.5.0 で ORA-00942 が出た。"));
            w.addDocument(doc("time", "タイム計測", "処理時間のタイムを計測し、アウトプットを確認した。"));
            w.addDocument(doc("feelings", "画面の改善", "利用者の感情に配慮した画面にした。"));
        }
        reader = DirectoryReader.open(dir);
        searcher = new IndexSearcher(reader);
        Lazy<Readings> readings = new Lazy<>(() -> Readings.of(reader, IndexFields.TEXT_FIELDS));
        builder = new CaseQueryBuilder(() -> THESAURUS, new CaseQueryBuilder.Vocabulary() {
            @Override
            public boolean has(String word) {
                try {
                    return reader.docFreq(new Term(IndexFields.BODY, word)) + reader.docFreq(new Term(IndexFields.TITLE, word)) > 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String closest(String word) { return null; }

            @Override
            public boolean hasPhrase(List<List<String>> positions) {
                try {
                    org.apache.lucene.search.MultiPhraseQuery.Builder phrase = new org.apache.lucene.search.MultiPhraseQuery.Builder();
                    positions.forEach(p -> phrase.add(p.stream().map(w -> new Term(IndexFields.BODY, w)).toArray(Term[]::new)));
                    return searcher.count(phrase.build()) > 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Readings readings() { return readings.get(); }
        });
    }

    @AfterAll
    static void close() throws IOException { reader.close(); }

    private static Document doc(String id, String title, String body) {
        Document d = new Document();
        d.add(new StringField(IndexFields.ID, id, Field.Store.YES));
        CaseIndexer.addText(d, IndexFields.TITLE, MorphTokens.of(IndexFields.TITLE, title));
        CaseIndexer.addText(d, IndexFields.BODY, MorphTokens.of(IndexFields.BODY, body));
        CaseIndexer.addText(d, IndexFields.META, MorphTokens.of(IndexFields.META, ""));
        return d;
    }

    private static List<String> ids(Query q) throws IOException {
        List<String> ids = new ArrayList<>();
        for (ScoreDoc sd : searcher.search(q, 20).scoreDocs) {
            ids.add(searcher.storedFields().document(sd.doc).get(IndexFields.ID));
        }
        return ids;
    }

    private static List<String> strict(String typed) throws IOException {
        return ids(builder.build(UserQuery.parse(typed)).strict(List.of()));
    }

    private static List<String> relaxed(String typed) throws IOException {
        return ids(builder.build(UserQuery.parse(typed)).relaxed(List.of()));
    }

    @Test
    void aWordSplitByTheDictionaryMatchesAsAPhraseNotAsPieces() throws IOException {
        assertEquals(List.of("power"), strict("タイムアウト"));
        assertTrue(relaxed("タイムアウト").contains("time"), "its pieces count only in the relaxed tier");
        assertEquals("power", relaxed("タイムアウト").get(0), "after the case that has it whole");
    }

    @Test
    void aCompoundTypedWithoutSpacesMatchesThroughTheThesaurusAcrossParticles() throws IOException {
        // The example: the user types ジョブ多重起動, the report says ジョブが二重に起動した.
        assertEquals(List.of("job"), strict("ジョブ多重起動"));
    }

    @Test
    void equivalentsMatchAndWhatWasTypedRanksFirst() throws IOException {
        assertEquals(List.of("db-typed", "db"), strict("DB更改"));
        assertEquals(List.of("db", "db-typed"), strict("データベース更改"));
        assertEquals(List.of("quake"), strict("フェールオーバー"));
    }

    @Test
    void broaderAndNarrowerTermsMatchOneWayAndLower() throws IOException {
        assertEquals(List.of("ransom", "malware"), strict("ランサムウェア"), "the broader term, after the word typed");
        assertEquals(List.of("malware"), strict("マルウェア"), "the broader word does not find the narrower");
        assertEquals(List.of("quake"), strict("自然災害"), "a narrower term");
    }

    @Test
    void kanaFindsTheWordsItReadsAsAndAMistypedWordTheWordItSoundsLike() throws IOException {
        assertEquals(List.of("power"), strict("ていでん"));
        assertEquals(List.of("power"), strict("テイデン"));
        assertEquals(List.of("power"), strict("かんじょうけい"));
        assertEquals(List.of("power"), strict("感情系"), "感情系 reads カンジョウケイ, like 勘定系: a slip of the input method");
        assertEquals(List.of(List.of("停電")), builder.respelled("ていでん"));
        // 感情 is a word of the cases too, but 感情系 is no compound of theirs: its 感情 may be the wrong kanji.
        assertEquals(List.of("power"), strict("感情系停止"));
        assertEquals(List.of(List.of("感情", "勘定"), List.of("系"), List.of("停止")), builder.respelled("感情系停止"));
        assertEquals(List.of(), builder.respelled("停電"), "a known word stays as typed");
    }

    @Test
    void kanaOnlyPartOfWhichReadsAsWordsFindsThoseWordsInTheRelaxedTierOnly() throws IOException {
        // ていでん reads as 停電 whole; ていでんりかばり has a part no case has (リカバリ): no dead end, yet no exact match.
        assertEquals(List.of(), strict("ていでんりかばり"));
        assertEquals(List.of("power"), relaxed("ていでんりかばり"));
        // A loanword in hiragana: its known part, and (as its katakana, through the thesaurus) DB.
        assertEquals(Set.of("db", "db-typed"), Set.copyOf(relaxed("でーたべーすりにゅーある")));
        assertEquals(List.of(), relaxed("りにゅーある"), "no part of it is any case's word");
    }

    @Test
    void everyChunkMustMatchInTheStrictTierAnyInTheRelaxedOne() throws IOException {
        assertEquals(List.of("power"), strict("停電 勘定系"));
        assertEquals(List.of(), strict("停電 マルウェア"));
        List<String> some = relaxed("停電 マルウェア");
        assertTrue(some.containsAll(List.of("power", "malware")), some.toString());
        assertTrue(relaxed("停電 マルウェア -勘定系").contains("malware"));
        assertTrue(!relaxed("停電 マルウェア -勘定系").contains("power"), "an excluded chunk stays excluded");
    }

    @Test
    void codesAreWholeAndNumbersAloneMatchNothing() throws IOException {
        assertEquals(List.of("code"), strict("ORA-00942"));
        assertEquals(List.of("code"), strict("10.5"));
        assertEquals(List.of(), strict("5.10"));
        assertEquals(List.of(), relaxed("5.10"), "a code's numbers are not words of their own");
    }

    @Test
    void questionWordsAreNotSearchedFor() throws IOException {
        assertEquals(List.of("停電", "勘定", "系", "停止"), builder.contentWords("停電で勘定系が停止した事例はある？"));
        assertNull(builder.build(UserQuery.parse("事例")).words().get("事例"));
    }
}
