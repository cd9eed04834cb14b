package kb.tagging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kb.search.Analyzers;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Turns text into the features the trigger model reads: Kuromoji base forms, as the search index sees
 * them, and each pair of neighbouring words ("作業 手順", "設定 変更"), which tells a work step from a
 * mere mention of its words.
 */
public final class TriggerFeatures {
    private static final Analyzer ANALYZER = Analyzers.japanese();
    /** A pair's words further apart than this are shown as "A…B" rather than as the text between them. */
    private static final int MAX_SPAN = 12;

    private TriggerFeatures() {}

    /** A text as the model reads it, and how each of its features is written there (for evidence). */
    public record Reading(List<String> features, Map<String, String> surfaces) {}

    public static List<String> of(String text) {
        return features(words(text));
    }

    /** The features and their surfaces from one pass of the analyzer. */
    public static Reading read(String text) {
        List<Token> words = words(text);
        return new Reading(features(words), surfaces(text, words));
    }

    private static List<String> features(List<Token> words) {
        List<String> features = new ArrayList<>();
        words.forEach(w -> features.add(w.word()));
        for (int i = 1; i < words.size(); i++) {
            features.add(words.get(i - 1).word() + " " + words.get(i).word());
        }
        return features;
    }

    /**
     * How each feature first appears in {@code text}: "採る 番" reads "採番", "上限 達す" reads "上限に達し".
     * Evidence is shown to users in these words, not in base forms.
     */
    private static Map<String, String> surfaces(String text, List<Token> words) {
        Map<String, String> surfaces = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            Token w = words.get(i);
            surfaces.putIfAbsent(w.word(), text.substring(w.start(), w.end()));
            if (i > 0) {
                Token previous = words.get(i - 1);
                String between = text.substring(previous.start(), w.end());
                boolean readable = between.length() <= MAX_SPAN && between.chars().noneMatch(c -> c == '\n' || c == '。' || c == '、');
                surfaces.putIfAbsent(previous.word() + " " + w.word(), readable ? between
                        : text.substring(previous.start(), previous.end()) + "…" + text.substring(w.start(), w.end()));
            }
        }
        return surfaces;
    }

    private record Token(String word, int start, int end) {}

    private static List<Token> words(String text) {
        List<Token> words = new ArrayList<>();
        try (TokenStream stream = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String word = term.toString();
                if (isWord(word) && !TriggerLexicon.NEUTRAL.contains(word)) {
                    words.add(new Token(word, offset.startOffset(), offset.endOffset()));
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
