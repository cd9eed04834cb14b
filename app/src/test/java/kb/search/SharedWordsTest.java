package kb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;

class SharedWordsTest {
    private static boolean whole(String text, String word, int pieces) {
        int start = text.indexOf(word);
        return SharedWords.isWhole(text, start, start + word.length(), pieces);
    }

    private static boolean whole(String text, String word) {
        return whole(text, word, 1);
    }

    @Test
    void wholeWordsStandOnTheirOwn() {
        assertTrue(whole("切り戻し手順を確認した", "切り戻し", 2));
        assertTrue(whole("委託先の管理", "委託先"));
        assertTrue(whole("ATMが停止した", "ATM"));
        assertTrue(whole("データ移行作業の後", "データ移行作業", 3));
        assertTrue(whole("データ移行作業の後", "移行"), "a word of a kanji compound");
    }

    @Test
    void fragmentsOfLongerWordsAreNot() {
        assertFalse(whole("委託先の管理", "先"), "a lone letter");
        assertFalse(whole("フェイルオーバー試験", "フェイル"), "katakana runs on");
        assertFalse(whole("ATMs", "ATM"), "letters run on");
        assertFalse(whole("切り戻し手順", "切り"), "one half of a compound of verbs");
        assertFalse(whole("切り戻し手順", "戻し"), "the other half");
    }

    @Test
    void anInflectedVerbIsShownInItsBaseForm() {
        TermQuery term = new TermQuery(new Term(IndexFields.BODY, "行う"));
        assertEquals("行う", SharedWords.word("作業を行った", 3, 5, 1, term));
        assertEquals("停止", SharedWords.word("停止した", 0, 2, 1, new TermQuery(new Term(IndexFields.BODY, "停止"))));
    }
}
