package kb.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import kb.model.Trigger;
import kb.search.SearchRequest;

/** Every URL of the site, built in one place for the templates and the handlers. */
public final class Urls {
    private Urls() {}

    public static String home() { return "/"; }

    public static String stats() { return "/stats"; }

    public static String lessons() { return "/lessons"; }

    public static String asset(String name) { return "/assets/" + name; }

    public static String caseUrl(String id) { return "/cases/" + encode(id); }

    /** A lesson's place on its case page: {@code <case-id>#L<n>} → {@code /cases/<case-id>#L<n>}. */
    public static String lesson(String lessonId) {
        int hash = lessonId.indexOf('#');
        return caseUrl(lessonId.substring(0, hash)) + "#" + lessonId.substring(hash + 1);
    }

    public static String trigger(Trigger t) { return "/triggers/" + t.slug(); }

    public static String theme(String name) { return "/themes/" + encode(name); }

    public static String lessons(String q, String theme) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", q);
        params.put("theme", theme);
        return "/lessons" + query(params);
    }

    public static String search(String q) { return search(SearchParams.empty().withQuery(q)); }

    public static String search(SearchParams p) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", p.q());
        params.put("trigger", p.trigger() == null ? null : p.trigger().slug());
        params.put("industry", p.industry());
        params.put("year", p.year() == null ? null : p.year().toString());
        params.put("pattern", p.pattern());
        params.put("sort", p.sort() == SearchRequest.Sort.DATE ? "date" : null);
        params.put("page", p.page() == 1 ? null : Integer.toString(p.page()));
        params.put("limit", p.limit() == SearchParams.PAGE_SIZE ? null : Integer.toString(p.limit()));
        return "/search" + query(params);
    }

    private static String query(Map<String, String> params) {
        String q = params.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
