package kb.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * The words of the index by their Kuromoji reading, so a query typed in kana finds the words it is the reading
 * of (ていでん → 停電, じょうちょうか → 冗長 化, あどれすへんこう → アドレス 変更), and a word mistyped by the input
 * method finds the word it sounds like (渓谷終了 → 警告 終了). Built from the index's own words, once per index,
 * on first use; nothing is added to the index for it.
 */
final class Readings {
    /** Alternatives kept per kana segment (a reading such as カ has dozens of kanji). */
    private static final int MAX_WORDS_PER_READING = 12;
    private static final int MAX_READING = 24;
    /** The shortest part of a kana chunk read as a word when the whole chunk reads as none. */
    static final int MIN_PART = 3;
    /** Kuromoji alone, as an Analyzer so that each thread reuses one tokenizer across calls. */
    private static final Analyzer KUROMOJI = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new JapaneseTokenizer(null, true, true, JapaneseTokenizer.Mode.NORMAL));
        }
    };

    /** Each reading's words, most frequent first. */
    private final Map<String, List<String>> words;

    private Readings(Map<String, List<String>> words) { this.words = words; }

    /** The readings of every word with kanji in {@code fields} of {@code reader}. */
    static Readings of(IndexReader reader, String... fields) throws IOException {
        Map<String, Map<String, Integer>> byReading = new HashMap<>();
        for (String field : fields) {
            Terms terms = MultiTerms.getTerms(reader, field);
            if (terms == null) {
                continue;
            }
            TermsEnum it = terms.iterator();
            for (BytesRef bytes = it.next(); bytes != null; bytes = it.next()) {
                String word = bytes.utf8ToString();
                String reading = word.codePoints().anyMatch(Readings::isKanji) ? reading(word)
                        : isKana(word) ? fold(word) : null;
                if (reading != null && !reading.isEmpty() && reading.length() <= MAX_READING) {
                    byReading.computeIfAbsent(reading, r -> new HashMap<>()).merge(word, it.docFreq(), Integer::sum);
                }
            }
        }
        Map<String, List<String>> words = new HashMap<>();
        byReading.forEach((reading, freq) -> words.put(reading, freq.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_WORDS_PER_READING).map(Map.Entry::getKey).toList()));
        return new Readings(words);
    }

    /** Whether {@code text} is written in kana only (a reading, maybe): ていでん, テイデン, じょうちょう. */
    static boolean isKana(String text) {
        return !text.isEmpty() && text.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA || c == 'ー');
    }

    /**
     * The words {@code kana} reads as, segment by segment (fewest segments; each segment's words, most frequent
     * first), or empty when the reading cannot be cut into readings of the index's words.
     */
    List<List<String>> wordsFor(String kana) {
        String reading = fold(kana);
        int n = reading.length();
        // best[i]: fewest segments covering reading[0, i); from[i]: where the last of them starts.
        int[] best = new int[n + 1];
        int[] from = new int[n + 1];
        java.util.Arrays.fill(best, Integer.MAX_VALUE);
        best[0] = 0;
        for (int i = 0; i < n; i++) {
            if (best[i] == Integer.MAX_VALUE) {
                continue;
            }
            for (int j = Math.min(n, i + MAX_READING); j > i; j--) {
                if (best[i] + 1 < best[j] && words.containsKey(reading.substring(i, j))) {
                    best[j] = best[i] + 1;
                    from[j] = i;
                }
            }
        }
        if (best[n] == Integer.MAX_VALUE) {
            return List.of();
        }
        List<List<String>> segments = new ArrayList<>();
        for (int j = n; j > 0; j = from[j]) {
            segments.add(0, words.get(reading.substring(from[j], j)));
        }
        return segments;
    }

    /**
     * The words of the parts of {@code kana} that are readings of the index's words, when the whole cannot be cut
     * into such readings (あぷりりにゅーある: アプリ is a word of the index, リニューアル is not): the most of the
     * reading covered, by parts of at least {@value #MIN_PART} kana (shorter readings are a syllable or two of any
     * sentence), each part's words most frequent first. Empty when no part is known.
     */
    List<List<String>> wordsForParts(String kana) {
        String reading = fold(kana);
        int n = reading.length();
        // covered[i]: the most of reading[0, i) covered by known parts; from[i]: where the part ending at i starts,
        // or -1 when reading[i - 1] is left uncovered.
        int[] covered = new int[n + 1];
        int[] from = new int[n + 1];
        for (int j = 1; j <= n; j++) {
            covered[j] = covered[j - 1];
            from[j] = -1;
            for (int i = Math.max(0, j - MAX_READING); i <= j - MIN_PART; i++) {
                if (covered[i] + (j - i) > covered[j] && words.containsKey(reading.substring(i, j))) {
                    covered[j] = covered[i] + (j - i);
                    from[j] = i;
                }
            }
        }
        List<List<String>> parts = new ArrayList<>();
        for (int j = n; j > 0; ) {
            if (from[j] < 0) {
                j--;
            } else {
                parts.add(0, words.get(reading.substring(from[j], j)));
                j = from[j];
            }
        }
        return parts;
    }

    /**
     * The index's words that {@code text} (words with kanji the index lacks) sounds like, segment by segment as
     * in {@link #wordsFor}; empty when its reading is unknown or cannot be cut into the index's words.
     */
    List<List<String>> soundAlike(String text) {
        String reading = reading(text);
        return reading == null ? List.of() : wordsFor(reading);
    }

    /** The word's Kuromoji reading (folded), or null when a part of it is an unknown word not in kana. */
    private static String reading(String word) {
        try (TokenStream tokens = KUROMOJI.tokenStream("", word)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            ReadingAttribute reading = tokens.addAttribute(ReadingAttribute.class);
            StringBuilder all = new StringBuilder();
            tokens.reset();
            while (tokens.incrementToken()) {
                String r = reading.getReading();
                if (r == null) {
                    // An unknown word: only kana can stand for its own reading.
                    if (!isKana(term.toString())) {
                        return null;
                    }
                    r = term.toString();
                }
                all.append(r);
            }
            tokens.end();
            return fold(all.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Katakana, without long-vowel marks (サーバー and サーバ read alike). */
    static String fold(String kana) {
        return katakana(kana).replace("ー", "");
    }

    /** Hiragana as katakana, everything else as it is. */
    static String katakana(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        text.codePoints().forEach(c -> folded.appendCodePoint(c >= 'ぁ' && c <= 'ゖ' ? c + ('ァ' - 'ぁ') : c));
        return folded.toString();
    }

    private static boolean isKanji(int c) { return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN; }
}
