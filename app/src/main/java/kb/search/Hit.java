package kb.search;

import java.util.List;

/** One search result; {@code passages}: where the case's text matched (empty for related cases and checks). */
public record Hit(String id, String title, String trigger, String date, float score, List<Passage> passages) {
    public Hit {
        passages = passages == null ? List.of() : List.copyOf(passages);
    }
}
