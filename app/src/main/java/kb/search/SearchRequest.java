package kb.search;

import kb.model.Trigger;

/**
 * A search: the user's query and the filters. {@code trigger}, {@code industry}, {@code year} and
 * {@code pattern} are null when not filtering; {@code offset} counts hits to skip.
 */
public record SearchRequest(String query, Trigger trigger, String industry, Integer year, String pattern,
                            Sort sort, int offset, int limit) {
    public static final int MAX_LIMIT = 100;

    public enum Sort { RELEVANCE, DATE }

    public SearchRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (sort == null) {
            sort = Sort.RELEVANCE;
        }
    }

    public static SearchRequest of(String query, int limit) {
        return new SearchRequest(query, null, null, null, null, Sort.RELEVANCE, 0, limit);
    }

    public SearchRequest withTrigger(Trigger t) {
        return new SearchRequest(query, t, industry, year, pattern, sort, offset, limit);
    }
}
