package kb.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import kb.model.CaseRecord;
import kb.model.Trigger;
import kb.search.Hit;
import kb.search.SearchRequest;
import kb.search.SearchResult;
import kb.store.KnowledgeBase;

/**
 * {@code /search.csv} and {@code /search.json} (links from {@code baseUrl}, as in ticket exports): the cases a search finds, with the same parameters as
 * {@code /search}, as a file for a spreadsheet or a script. Every matching case up to {@value #MAX_ROWS},
 * in the search's order; {@code page} and {@code limit} choose a page of the screen and are ignored here.
 */
record SearchExport(String baseUrl) {
    static final int MAX_ROWS = 1000;
    private static final String[] COLUMNS = {"id", "title", "date", "industry", "trigger", "url"};

    /** One case of the export; {@code trigger} is the slug, {@code triggerLabel} its Japanese name. */
    record Row(String id, String title, String date, String industry, String trigger, String triggerLabel, String url) {}

    record Answer(String query, long total, int exported, List<Row> cases) {}

    void csv(Context ctx, KnowledgeBase kb) throws IOException {
        Answer answer = rows(ctx, kb);
        StringBuilder csv = new StringBuilder("\uFEFF"); // the byte order mark makes spreadsheet programs read UTF-8
        csv.append(String.join(",", COLUMNS)).append("\r\n");
        for (Row r : answer.cases()) {
            csv.append(String.join(",", List.of(cell(r.id()), cell(r.title()), cell(r.date()), cell(r.industry()),
                    cell(r.triggerLabel()), cell(r.url())))).append("\r\n");
        }
        attachment(ctx, "csv");
        ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
    }

    void json(Context ctx, KnowledgeBase kb) throws IOException {
        Answer answer = rows(ctx, kb);
        attachment(ctx, "json");
        ctx.json(answer);
    }

    private Answer rows(Context ctx, KnowledgeBase kb) throws IOException {
        SearchParams params = SearchParams.from(ctx);
        String base = Urls.base(baseUrl, ctx.scheme(), ctx.host());
        List<Row> rows = new ArrayList<>();
        long total = 0;
        String query = params.q();
        for (int offset = 0; offset < MAX_ROWS; offset += SearchRequest.MAX_LIMIT) {
            SearchRequest page = new SearchRequest(params.q(), params.trigger(), params.industry(), params.year(),
                    params.pattern(), params.sort(), offset, SearchRequest.MAX_LIMIT);
            SearchResult result = kb.searcher().search(page);
            total = result.total();
            query = result.query();
            for (Hit h : result.hits()) {
                String industry = kb.find(h.id()).map(CaseRecord::industry).orElse("");
                String trigger = Trigger.fromSlug(h.trigger()).map(Trigger::label).orElse(h.trigger());
                rows.add(new Row(h.id(), h.title(), h.date(), industry, h.trigger(), trigger, Urls.absolute(base, Urls.caseUrl(h.id()))));
            }
            if (offset + SearchRequest.MAX_LIMIT >= total) {
                break;
            }
        }
        return new Answer(query, total, rows.size(), rows);
    }

    /** Saved under a name that says what it is: {@code 障害事例_DDoS.csv}. */
    private static void attachment(Context ctx, String extension) {
        String q = ctx.queryParam("q");
        String name = "障害事例" + (q == null || q.isBlank() ? "" : "_" + q.strip().replaceAll("[\\\\/:*?\"<>|\\s]+", "_")) + "." + extension;
        ctx.header("Content-Disposition", "attachment; filename=\"search." + extension + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /**
     * A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field a spreadsheet would
     * run as a formula (=, +, -, @ first) gets a leading apostrophe.
     */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return v.matches("(?s).*[\",\r\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
