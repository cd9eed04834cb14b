package kb.tagging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kb.model.Case;
import kb.model.Lesson;
import kb.search.CaseAnalysis;
import kb.search.CaseText;
import kb.search.IndexFields;
import kb.search.MorphTokens;
import kb.search.Token;

/**
 * Turns text into the features the trigger model reads: Kuromoji base forms, as the search index sees
 * them (the very tokens of its morphological fields), and each pair of neighbouring words ("作業 手順",
 * "設定 変更"), which tells a work step from a mere mention of its words. A case is read as its title and body.
 */
public final class TriggerFeatures {
    /** A pair's words further apart than this are shown as "A…B" rather than as the text between them. */
    private static final int MAX_SPAN = 12;

    private TriggerFeatures() {}

    /**
     * One word as the model reads it: its base form, how the text writes it, and the text between it and the word
     * before when the two read as one phrase ("上限" + "に" + "達し"), else null.
     */
    public record Word(String word, String surface, String gap) {}

    /** A text as the model reads it, word by word; its features and how each is written there (for evidence). */
    public record Reading(List<Word> words) {
        public List<String> features() {
            List<String> features = new ArrayList<>(words.size() * 2);
            words.forEach(w -> features.add(w.word()));
            for (int i = 1; i < words.size(); i++) {
                features.add(words.get(i - 1).word() + " " + words.get(i).word());
            }
            return features;
        }

        /**
         * How each of {@code features} first appears in the text: "採る 番" reads "採番", "上限 達す" reads
         * "上限に達し". Evidence is shown to users in these words, not in base forms.
         */
        public Map<String, String> surfaces(Collection<String> features) {
            Map<String, String> wanted = new HashMap<>();
            Map<String, Map<String, String>> pairs = new HashMap<>();
            for (String f : features) {
                int space = f.indexOf(' ');
                if (space < 0) {
                    wanted.put(f, f);
                } else {
                    pairs.computeIfAbsent(f.substring(0, space), k -> new HashMap<>()).put(f.substring(space + 1), f);
                }
            }
            Map<String, String> surfaces = new HashMap<>();
            for (int i = 0; i < words.size() && surfaces.size() < features.size(); i++) {
                Word w = words.get(i);
                if (wanted.containsKey(w.word())) {
                    surfaces.putIfAbsent(w.word(), w.surface());
                }
                if (i > 0) {
                    Word previous = words.get(i - 1);
                    String pair = pairs.getOrDefault(previous.word(), Map.of()).get(w.word());
                    if (pair != null) {
                        surfaces.putIfAbsent(pair, w.gap() != null
                                ? previous.surface() + w.gap() + w.surface() : previous.surface() + "…" + w.surface());
                    }
                }
            }
            return surfaces;
        }
    }

    public static List<String> of(String text) {
        return read(text).features();
    }

    public static Reading read(String text) {
        return read(List.of(MorphTokens.of(IndexFields.BODY, text)));
    }

    public static Reading read(Case c) {
        return read(CaseAnalysis.of(CaseText.of(c)), c.lessons());
    }

    /** A case from the analysis its index fields are written with: no second pass of the analyzer. */
    public static Reading read(CaseAnalysis analysis, List<Lesson> lessons) {
        String themes = lessons.stream().map(Lesson::theme).filter(t -> t != null).collect(Collectors.joining("\n"));
        return read(List.of(analysis.title(), analysis.body(), MorphTokens.of(IndexFields.BODY, themes)));
    }

    private static Reading read(List<MorphTokens> parts) {
        List<Word> words = new ArrayList<>();
        for (MorphTokens part : parts) {
            String text = part.text();
            Token previous = null;
            for (Token t : part.tokens()) {
                String word = t.term();
                if (!isWord(word) || TriggerLexicon.NEUTRAL.contains(word)) {
                    continue;
                }
                String surface = text.substring(t.start(), t.end());
                String gap = null;
                if (previous != null) {
                    String between = text.substring(previous.start(), t.end());
                    boolean readable = between.length() <= MAX_SPAN && between.chars().noneMatch(c -> c == '\n' || c == '。' || c == '、');
                    gap = readable ? text.substring(previous.end(), t.start()) : null;
                }
                words.add(new Word(word, surface, gap));
                previous = t;
            }
        }
        return new Reading(List.copyOf(words));
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
