package kb.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/**
 * Hands the highlighter's passages on as {@link Passage} records (text and match offsets) instead of formatting
 * them: formatting is each client's (HTML, terminal, JSON). Overlapping or touching matches become one.
 */
final class PassageCollector extends PassageFormatter {
    /** A highlighter that answers each document's passages as the formatter made them ({@link Passage} lists). */
    static final class Highlighter extends UnifiedHighlighter {
        Highlighter(UnifiedHighlighter.Builder builder) {
            super(builder.withFormatter(new PassageCollector()));
        }

        /** The passages of {@code field} in each of {@code docs}, at most {@code max} each. */
        List<List<Passage>> passages(String field, Query query, int[] docs, int max) throws IOException {
            Object[] found = docs.length == 0 ? new Object[0]
                    : highlightFieldsAsObjects(new String[] {field}, query, docs, new int[] {max}).get(field);
            List<List<Passage>> passages = new ArrayList<>();
            for (Object each : found) {
                @SuppressWarnings("unchecked")
                List<Passage> list = each == null ? List.of() : (List<Passage>) each;
                passages.add(list);
            }
            return passages;
        }
    }

    @Override
    public List<Passage> format(org.apache.lucene.search.uhighlight.Passage[] passages, String content) {
        List<Passage> found = new ArrayList<>();
        for (org.apache.lucene.search.uhighlight.Passage p : passages) {
            int from = p.getStartOffset();
            int to = p.getEndOffset();
            List<Passage.Match> inPassage = new ArrayList<>();
            for (int i = 0; i < p.getNumMatches(); i++) {
                int start = Math.max(from, p.getMatchStarts()[i]) - from;
                int end = Math.min(to, p.getMatchEnds()[i]) - from;
                if (end > start) {
                    inPassage.add(new Passage.Match(start, end));
                }
            }
            inPassage.sort(Comparator.comparingInt(Passage.Match::start));
            List<Passage.Match> matches = new ArrayList<>();
            for (Passage.Match m : inPassage) {
                int start = m.start();
                int end = m.end();
                Passage.Match last = matches.isEmpty() ? null : matches.get(matches.size() - 1);
                if (last != null && start <= last.end()) {
                    matches.set(matches.size() - 1, new Passage.Match(last.start(), Math.max(last.end(), end)));
                } else {
                    matches.add(new Passage.Match(start, end));
                }
            }
            found.add(new Passage(content.substring(from, to), matches));
        }
        return found;
    }
}
