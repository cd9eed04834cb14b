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

    private Synonyms() {}

    /** The ways to say {@code chunk}: itself first, then its synonyms. */
    static List<String> of(String chunk) {
        return GROUPS.getOrDefault(key(chunk), List.of(chunk));
    }

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
