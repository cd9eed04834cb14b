package kb.web;

import io.javalin.http.Context;
import kb.users.Listing;

/** The {@code page} and {@code limit} of the API's lists (tickets, curricula, lessons): 400 in Japanese when bad. */
final class ListParams {
    static final int PAGE_SIZE = 50;

    private ListParams() {}

    static int page(Context ctx) {
        String page = SearchParams.param(ctx, "page");
        return page == null ? 1 : SearchParams.number(page, "page", 1, SearchParams.MAX_PAGE * 10);
    }

    static int limit(Context ctx) {
        String limit = SearchParams.param(ctx, "limit");
        return limit == null ? PAGE_SIZE : SearchParams.number(limit, "limit", 1, Listing.MAX_LIMIT);
    }

    static int offset(int page, int limit) {
        return (page - 1) * limit;
    }
}
