package kb.tagging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import kb.search.Analyzers;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns text into the features the trigger model reads: Kuromoji base forms, as the search index sees
 * them, and each pair of neighbouring words ("作業 手順", "設定 変更"), which tells a work step from a
 * mere mention of its words.
 */
public final class TriggerFeatures {
    private static final Analyzer ANALYZER = Analyzers.japanese();

    private TriggerFeatures() {}

    public static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        try (TokenStream stream = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String word = term.toString();
                if (isWord(word) && !TriggerLexicon.NEUTRAL.contains(word)) {
                    words.add(word);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> features = new ArrayList<>(words);
        for (int i = 1; i < words.size(); i++) {
            features.add(words.get(i - 1) + " " + words.get(i));
        }
        return features;
    }

    /** Numbers and single kana carry no signal about the trigger (nor do the lexicon's neutral words). */
    private static boolean isWord(String word) {
        if (word.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ',')) {
            return false;
        }
        if (word.length() == 1) {
            Character.UnicodeBlock block = Character.UnicodeBlock.of(word.charAt(0));
            return block == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS;
        }
        return true;
    }
}
