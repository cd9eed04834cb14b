package kb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class AnalyzersTest {
    private static List<String> tokens(Analyzer analyzer, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    @Test
    void japaneseFoldsWidthAndCaseAndStemsKatakana() throws IOException {
        Analyzer ja = Analyzers.japanese();
        assertEquals(tokens(ja, "DDoS攻撃"), tokens(ja, "ＤＤｏＳ攻撃"));
        assertTrue(tokens(ja, "DDoS攻撃").contains("ddos"));
        assertEquals(tokens(ja, "サーバー"), tokens(ja, "ｻｰﾊﾞｰ"));
        assertEquals(tokens(ja, "サーバ"), tokens(ja, "サーバー"));
    }

    @Test
    void japaneseUsesBaseFormsAndDropsParticles() throws IOException {
        List<String> t = tokens(Analyzers.japanese(), "システムが停止しました");
        assertTrue(t.contains("システム"), t.toString());
        assertTrue(t.contains("停止"), t.toString());
        assertTrue(!t.contains("が"), t.toString());
    }

    @Test
    void japaneseKeepsNumbersThatJapaneseNumberFilterWouldMangle() throws IOException {
        List<String> t = tokens(Analyzers.japanese(), "HTTP 503 と ORA-00942");
        assertTrue(t.contains("503"), t.toString());
        assertTrue(t.contains("00942"), t.toString());
    }

    @Test
    void codesAreKeptWholeAndInParts() throws IOException {
        Analyzer codes = Analyzers.codes(true);
        List<String> t = tokens(codes, "ORA-00942が発生、192.168.0.1 の v10.5.0 で CVE-2024-3400、RC23");
        for (String expected : List.of("ora-00942", "00942", "192.168.0.1", "168", "v10.5.0", "10", "5",
                "cve-2024-3400", "3400", "rc23", "rc", "23")) {
            assertTrue(t.contains(expected), expected + " in " + t);
        }
        assertEquals(List.of("ddos"), tokens(codes, "ＤＤｏＳ"));
    }

    @Test
    void bigramsCoverUnknownWords() throws IOException {
        assertEquals(List.of("タイ", "イパ"), tokens(Analyzers.bigram(), "タイパ"));
        assertEquals(tokens(Analyzers.bigram(), "サーバー"), tokens(Analyzers.bigram(), "ｻｰﾊﾞｰ"));
    }
}
