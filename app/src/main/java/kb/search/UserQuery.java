package kb.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a user typed, split into chunks: whitespace-separated words or "quoted phrases", each to be
 * matched as a phrase; a leading '-' excludes a chunk. Nothing a user types is an error: unbalanced
 * quotes close at the end, operator words are dropped, and over-long input is truncated.
 */
public record UserQuery(String text, List<String> include, List<String> exclude, boolean truncated) {
    public static final int MAX_CHARS = 256;
    public static final int MAX_CHUNKS = 16;
    private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT", "&&", "||", "+", "-", "!");

    public static UserQuery parse(String raw) {
        String text = raw == null ? "" : raw.replace('\u3000', ' ').strip();
        boolean truncated = false;
        if (text.length() > MAX_CHARS) {
            text = text.substring(0, MAX_CHARS);
            truncated = true;
        }
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
                continue;
            }
            boolean negated = false;
            if (ch == '-' && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))) {
                negated = true;
                i++;
            }
            String chunk;
            if (text.charAt(i) == '"' || text.charAt(i) == '“' || text.charAt(i) == '「') {
                char close = switch (text.charAt(i)) { case '“' -> '”'; case '「' -> '」'; default -> '"'; };
                int end = text.indexOf(close, i + 1);
                chunk = text.substring(i + 1, end < 0 ? text.length() : end);
                i = end < 0 ? text.length() : end + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                chunk = text.substring(i, end);
                i = end;
            }
            chunk = chunk.strip();
            if (chunk.isEmpty() || OPERATORS.contains(chunk)) {
                continue;
            }
            List<String> target = negated ? exclude : include;
            if (include.size() + exclude.size() >= MAX_CHUNKS) {
                truncated = true;
                break;
            }
            target.add(chunk);
        }
        return new UserQuery(text, List.copyOf(include), List.copyOf(exclude), truncated);
    }
}
