package kb.tagging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import kb.search.Analyzers;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Turns text into the words the trigger model reads: Kuromoji base forms, as the search index sees them. */
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
        return words;
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
