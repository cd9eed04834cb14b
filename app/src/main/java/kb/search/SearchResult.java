package kb.search;

import java.util.List;
import java.util.Map;

/**
 * The answer to a search. {@code relaxed} is true when no case matched every word and the hits match
 * some of them; {@code unmatched} lists the words that matched no case at all.
 */
public record SearchResult(String query, long total, List<Hit> hits, Map<String, Map<String, Integer>> facets,
                           boolean relaxed, List<String> unmatched, boolean truncated) {}
