package kb.search;

import java.util.List;
import java.util.Map;

/**
 * The answer to a search. {@code exact} of the {@code total} cases have every chunk whole and come first; the
 * rest have some of the chunks or of their words. {@code relaxed} is true when no case has every chunk whole;
 * {@code unmatched} lists the chunks that matched no case at all, not even by one of their words.
 * {@code didYouMean}: a corrected query that finds more, offered when this one found few (null: none).
 * {@code facets} counts the matching cases per value of each dimension (trigger, industry, year, pattern), most
 * frequent first (triggers in their fixed order).
 */
public record SearchResult(String query, long total, long exact, List<Hit> hits, Map<String, Map<String, Integer>> facets,
                           boolean relaxed, List<String> unmatched, boolean truncated, Correction didYouMean) {}
