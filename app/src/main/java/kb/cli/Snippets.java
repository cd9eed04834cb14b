package kb.cli;

import java.util.List;
import kb.search.Passage;

/** Passages on a terminal: brackets mark the matches, passages are joined by an ellipsis, on one line. */
final class Snippets {
    private Snippets() {}

    static String toTerminal(List<Passage> passages) {
        StringBuilder line = new StringBuilder();
        for (Passage p : passages) {
            if (!line.isEmpty()) {
                line.append('…');
            }
            int at = 0;
            for (Passage.Match m : p.matches()) {
                line.append(p.text(), at, m.start()).append('【').append(p.text(), m.start(), m.end()).append('】');
                at = m.end();
            }
            line.append(p.text().substring(at));
        }
        return line.toString().replace('\n', ' ').strip();
    }
}
