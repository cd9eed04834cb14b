package kb.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Query-time synonyms (kb/search/synonyms.txt): a query word that belongs to a group also finds the
 * group's other members. Whole words only, so "停電" expands but "停電時" is left as typed.
 */
final class Synonyms {
    private static final Map<String, List<String>> GROUPS = load();
    /** Longer chunks are sentences, whose kana-less form would be no word. */
    private static final int MAX_COMPACTED = 12;

    private Synonyms() {}

    /** The ways to say {@code chunk}: itself first, then its synonyms, then its form without okurigana. */
    static List<String> of(String chunk) {
        List<String> ways = new ArrayList<>(GROUPS.getOrDefault(key(chunk), List.of(chunk)));
        String compact = withoutKana(chunk);
        if (compact != null && !ways.contains(compact)) {
            ways.add(compact);
        }
        return List.copyOf(ways);
    }

    /**
     * Financial texts write many verbs' nouns without their kana (振込, 引落, 払戻, 取消): a short chunk typed
     * with them (給与が振り込まれない, 引き落とし) also finds the compact form (給与振込, 引落). Null when the
     * chunk is long (a sentence), or keeps fewer than two kanji.
     */
    static String withoutKana(String chunk) {
        if (chunk.length() > MAX_COMPACTED || chunk.codePoints().noneMatch(Synonyms::isHiragana)) {
            return null;
        }
        StringBuilder kanji = new StringBuilder();
        chunk.codePoints().filter(c -> !isHiragana(c)).forEach(kanji::appendCodePoint);
        long han = kanji.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
        return han >= 2 ? kanji.toString() : null;
    }

    private static boolean isHiragana(int c) { return Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA; }

    private static String key(String word) {
        return Normalizer.normalize(word, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }

    private static Map<String, List<String>> load() {
        Map<String, List<String>> groups = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Synonyms.class.getResourceAsStream("synonyms.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> group = Arrays.stream(line.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                for (String word : group) {
                    List<String> ways = new ArrayList<>();
                    ways.add(word);
                    group.stream().filter(w -> !w.equals(word)).forEach(ways::add);
                    groups.put(key(word), List.copyOf(ways));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synonyms", e);
        }
        return Map.copyOf(groups);
    }
}
