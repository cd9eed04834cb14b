package kb.web;

import java.util.ArrayList;
import java.util.List;
import kb.search.Passage;

/** A hit's passages for people: pieces of text, the matched ones marked, passages joined by an ellipsis. */
public final class Snippet {
    /** A piece of a snippet: plain text, marked or not (escaped where it is written, by the template). */
    public record Part(String text, boolean marked) {}

    private Snippet() {}

    public static List<Part> parts(List<Passage> passages) {
        List<Part> parts = new ArrayList<>();
        for (Passage p : passages) {
            if (!parts.isEmpty()) {
                parts.add(new Part("…", false));
            }
            int at = 0;
            for (Passage.Match m : p.matches()) {
                if (m.start() > at) {
                    parts.add(new Part(p.text().substring(at, m.start()), false));
                }
                parts.add(new Part(p.text().substring(m.start(), m.end()), true));
                at = m.end();
            }
            if (at < p.text().length()) {
                parts.add(new Part(p.text().substring(at), false));
            }
        }
        return parts;
    }

    /** The snippet as HTML: text escaped, matches in {@code <mark>} (the JSON API's {@code snippet}). */
    static String html(List<Passage> passages) {
        StringBuilder html = new StringBuilder();
        for (Part part : parts(passages)) {
            html.append(part.marked() ? "<mark>" : "").append(escape(part.text())).append(part.marked() ? "</mark>" : "");
        }
        return html.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
