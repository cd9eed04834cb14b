package kb.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The words a case shares with a text, read from where the text's words matched in the case (Matches API
 * offsets), as the case writes them — 切り戻し, not the analysed pieces 切り and 戻す — and never a fragment.
 */
final class SharedWords {
    /** Kana that join words (作業を行う) rather than end a verb inside a compound (切り戻し). */
    private static final String PARTICLES = "をがはのにでともへや";

    private SharedWords() {}

    /** One matched word of the case's text, and the query whose word it is. */
    private record Span(int start, int end, Query query) {}

    /**
     * Each whole word of {@code text} at the matches of {@code it}, with its weight: the summed boosts of the
     * distinct query words it holds ({@code boosts}; 1 for a word without).
     */
    static Map<String, Float> collect(String text, MatchesIterator it, Map<Query, Float> boosts) throws IOException {
        List<Span> spans = new ArrayList<>();
        while (it.next()) {
            if (it.startOffset() >= 0 && it.endOffset() <= text.length()) {
                spans.add(new Span(it.startOffset(), it.endOffset(), it.getQuery()));
            }
        }
        spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
        Map<String, Float> words = new LinkedHashMap<>();
        int i = 0;
        while (i < spans.size()) {
            // Pieces side by side (切り|戻し) are one word; so are pieces the dictionary cut inside one.
            int start = spans.get(i).start();
            int end = spans.get(i).end();
            Map<Query, Float> held = new LinkedHashMap<>();
            held.put(spans.get(i).query(), boosts.getOrDefault(spans.get(i).query(), 1f));
            int j = i + 1;
            while (j < spans.size() && spans.get(j).start() <= end) {
                end = Math.max(end, spans.get(j).end());
                held.put(spans.get(j).query(), boosts.getOrDefault(spans.get(j).query(), 1f));
                j++;
            }
            String word = word(text, start, end, j - i, spans.get(i).query());
            if (word != null) {
                float weight = (float) held.values().stream().mapToDouble(Float::doubleValue).sum();
                words.merge(word, weight, Math::max);
            }
            i = j;
        }
        return words;
    }

    /**
     * The word to show for the matched words {@code text[start, end)} ({@code pieces} of them, the first matched
     * by {@code query}), or null for none: a single matched word is shown as its base form when the text goes on
     * inflecting it (行っ|た → 行う).
     */
    static String word(String text, int start, int end, int pieces, Query query) {
        if (!isWhole(text, start, end, pieces)) {
            return null;
        }
        int after = end < text.length() ? text.codePointAt(end) : -1;
        if (pieces == 1 && isHiragana(text.codePointBefore(end)) && isHiragana(after) && query instanceof TermQuery t) {
            return t.getTerm().text();
        }
        return text.substring(start, end);
    }

    /**
     * Whether the matched words {@code text[start, end)} ({@code pieces} of them) are a word on their own: at
     * least two letters (not the lone 先 of 委託先); not the piece of a katakana or ASCII word the dictionary
     * cut (フェイル of フェイルオーバー, ATM of ATMs); not, alone, one half of a compound of verbs (切り or 戻し
     * of 切り戻し). Kanji compounds are words joined: 移行 of データ移行作業 is a word of it.
     */
    static boolean isWhole(String text, int start, int end, int pieces) {
        if (text.codePointCount(start, end) < 2) {
            return false;
        }
        int first = text.codePointAt(start);
        int last = text.codePointBefore(end);
        int before = start > 0 ? text.codePointBefore(start) : -1;
        int after = end < text.length() ? text.codePointAt(end) : -1;
        if (continues(before, first) || continues(after, last)) {
            return false;
        }
        if (pieces == 1 && isHiragana(last) && isKanji(after) && text.codePointCount(start, end) == 2) {
            return false; // 切り|戻し
        }
        int beforeThat = before >= 0 && start > 1 ? text.codePointBefore(text.offsetByCodePoints(start, -1)) : -1;
        return !(pieces == 1 && isKanji(first) && isHiragana(before) && PARTICLES.indexOf(before) < 0 && isKanji(beforeThat)); // 切り|戻し
    }

    /** Two letters of one run of katakana (ー belongs to it) or of ASCII letters and digits. */
    private static boolean continues(int neighbour, int edge) {
        return neighbour >= 0 && (isKatakana(neighbour) && isKatakana(edge) || isAsciiWord(neighbour) && isAsciiWord(edge));
    }

    private static boolean isKanji(int c) { return c >= 0 && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN; }

    private static boolean isHiragana(int c) { return c >= 0 && Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA; }

    private static boolean isKatakana(int c) {
        return c >= 0 && (Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA || c == 'ー');
    }

    private static boolean isAsciiWord(int c) { return c < 128 && Character.isLetterOrDigit(c); }
}
