package kb.search;

import java.util.List;

/**
 * A passage of a case's text that a search matched, and where in it the matches are: {@code [start, end)} offsets
 * into {@code text}, in UTF-16 code units (Java and JavaScript string indexes), in order, never overlapping.
 * Plain text, not escaped: each client formats it (HTML marks on the web page, brackets on a terminal).
 */
public record Passage(String text, List<Match> matches) {
    public record Match(int start, int end) {}

    public Passage {
        matches = List.copyOf(matches);
    }

    /** The text of each match, in order. */
    public List<String> matchedTexts() {
        return matches.stream().map(m -> text.substring(m.start(), m.end())).toList();
    }
}
