package kb.search;

import java.util.List;
import java.util.Map;

/**
 * The answer to a search. {@code exact} of the {@code total} cases match every word and come first; the
 * rest match some of the words. {@code relaxed} is true when no case matched every word; {@code unmatched} lists the words that matched no case at all. {@code facets} counts the
 * matching cases per value of each dimension (trigger, industry, year, pattern), most frequent first
 * (triggers in their fixed order).
 */
public record SearchResult(String query, long total, long exact, List<Hit> hits, Map<String, Map<String, Integer>> facets,
                           boolean relaxed, List<String> unmatched, boolean truncated) {}
