package kb.web;

import io.javalin.http.Context;
import java.util.Locale;
import kb.model.Trigger;
import kb.search.SearchRequest;

/**
 * The parameters of {@code /search} and {@code /api/search}, validated. Empty values mean "not given", as an
 * HTML form sends them; filters are null when absent; {@code page} counts from 1.
 */
public record SearchParams(String q, Trigger trigger, String industry, Integer year, String pattern,
                           SearchRequest.Sort sort, int page, int limit) {
    public static final int PAGE_SIZE = 10;
    /** Deep pages cost a collector of page × limit hits; nobody reads page 1000 of a casebook. */
    public static final int MAX_PAGE = 1000;

    public static SearchParams empty() {
        return new SearchParams("", null, null, null, null, SearchRequest.Sort.RELEVANCE, 1, PAGE_SIZE);
    }

    /** Reads and checks the query string; {@link WebError} 400 naming the first bad parameter. */
    public static SearchParams from(Context ctx) {
        String trigger = param(ctx, "trigger");
        String sort = param(ctx, "sort");
        String year = param(ctx, "year");
        return new SearchParams(
                ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip(),
                trigger == null ? null : Trigger.fromSlug(trigger).orElseThrow(() -> WebError.badRequest(
                        "trigger の値が不正です（" + Trigger.slugs() + " のいずれか）: " + trigger)),
                param(ctx, "industry"),
                year == null ? null : number(year, "year", 1, 9999),
                param(ctx, "pattern"),
                sort == null ? SearchRequest.Sort.RELEVANCE : parseSort(sort),
                param(ctx, "page") == null ? 1 : number(param(ctx, "page"), "page", 1, MAX_PAGE),
                param(ctx, "limit") == null ? PAGE_SIZE : number(param(ctx, "limit"), "limit", 1, SearchRequest.MAX_LIMIT));
    }

    public SearchRequest toRequest() {
        return new SearchRequest(q, trigger, industry, year, pattern, sort, (page - 1) * limit, limit);
    }

    public boolean hasFilters() {
        return trigger != null || industry != null || year != null || pattern != null;
    }

    /** These parameters with one facet dimension ({@code trigger}, {@code industry}, {@code year}, {@code pattern}) set or, with null, cleared; back to page 1. */
    public SearchParams with(String dimension, String value) {
        return switch (dimension) {
            case "trigger" -> new SearchParams(q, value == null ? null : Trigger.fromSlug(value).orElseThrow(), industry, year, pattern, sort, 1, limit);
            case "industry" -> new SearchParams(q, trigger, value, year, pattern, sort, 1, limit);
            case "year" -> new SearchParams(q, trigger, industry, value == null ? null : Integer.valueOf(value), pattern, sort, 1, limit);
            case "pattern" -> new SearchParams(q, trigger, industry, year, value, sort, 1, limit);
            default -> throw new IllegalArgumentException("no facet " + dimension);
        };
    }

    public SearchParams withQuery(String query) {
        return new SearchParams(query, trigger, industry, year, pattern, sort, 1, limit);
    }

    public SearchParams withSort(SearchRequest.Sort s) {
        return new SearchParams(q, trigger, industry, year, pattern, s, 1, limit);
    }

    public SearchParams withPage(int p) {
        return new SearchParams(q, trigger, industry, year, pattern, sort, p, limit);
    }

    public SearchParams withoutFilters() {
        return new SearchParams(q, null, null, null, null, sort, 1, limit);
    }

    static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    static int number(String text, String name, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the same message as an out-of-range number
        }
        throw WebError.badRequest(name + " は " + min + "〜" + max + " の整数で指定してください: " + text);
    }

    private static SearchRequest.Sort parseSort(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "relevance" -> SearchRequest.Sort.RELEVANCE;
            case "date" -> SearchRequest.Sort.DATE;
            default -> throw WebError.badRequest("sort は relevance または date で指定してください: " + text);
        };
    }
}
