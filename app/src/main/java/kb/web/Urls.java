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

    /**
     * {@code next}: the local page to return to after signing in; null for none. One too long to come back to
     * (a search of thousands of characters) is left out: it would not fit in a redirect's Location header.
     */
    public static String login(String next) {
        String url = "/login" + query(Map.of("next", next == null ? "" : next));
        return url.length() > MAX_LOGIN_URL ? "/login" : url;
    }

    private static final int MAX_LOGIN_URL = 4000;

    public static String logout() { return "/logout"; }

    public static String check() { return "/check"; }

    public static String tickets() { return "/tickets"; }

    public static String ticket(String key) { return "/tickets/" + encode(key); }

    public static String ticketMarkdown(String key) { return ticket(key) + ".md"; }

    public static String ticketText(String key) { return ticket(key) + ".txt"; }

    public static String ticketJira(String key) { return ticket(key) + ".jira"; }

    public static String ticketStatus(String key) { return ticket(key) + "/status"; }

    public static String ticketDetach(String key) { return ticket(key) + "/detach"; }

    /** The form that attaches {@code lessonId} to a ticket; it posts to {@link #attach()}. */
    public static String attach(String lessonId) { return attach() + query(Map.of("lesson", lessonId)); }

    /** The pre-change check saved as {@code id}: its text, checked again against the live casebook. */
    public static String savedCheck(long id) { return "/checks/" + id; }

    public static String attach() { return "/attach"; }

    public static String curricula() { return "/curricula"; }

    public static String curriculum(long id) { return "/curricula/" + id; }

    public static String curriculumMarkdown(long id) { return curriculum(id) + ".md"; }

    public static String handout(long id) { return curriculum(id) + "/handout"; }

    public static String adminUsers() { return "/admin/users"; }

    /** A form's target on the accounts page: {@code action} is disable, enable, role or password. */
    public static String adminUser(String name, String action) { return adminUsers() + "/" + encode(name) + "/" + action; }

    public static String revokeToken(long id) { return "/admin/tokens/" + id + "/revoke"; }

    /** The handout with the trainer's notes (the default edition, for trainees, leaves them out). */
    public static String instructorHandout(long id) { return handout(id) + "?edition=instructor"; }

    /** Where cases are added to a curriculum from a case page or search results: {@code /curricula/add?case=…}. */
    public static String addToCurriculum() { return "/curricula/add"; }

    public static String addToCurriculum(String caseId) { return addToCurriculum() + query(Map.of("case", caseId)); }

    public static String audit(int page) { return "/admin/audit" + (page == 1 ? "" : "?page=" + page); }

    /**
     * {@code next} if it is a path on this site, else the home page: a {@code next} parameter must not send
     * a user who has just signed in to another site ({@code //host} and {@code /\host} are other sites to a browser).
     */
    public static String local(String next) {
        boolean local = next != null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
                && next.chars().noneMatch(ch -> ch < 0x20); // browsers drop tabs and newlines: "/\t/host" is "//host"
        return local ? next : home();
    }

    public static String trigger(Trigger t) { return "/triggers/" + t.slug(); }

    public static String trigger(Trigger t, int page) { return trigger(t) + (page == 1 ? "" : "?page=" + page); }

    public static String theme(String name) { return "/themes/" + encode(name); }

    public static String lessons(String q, String theme) { return lessons(q, theme, 1); }

    public static String lessons(String q, String theme, int page) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", q);
        params.put("theme", theme);
        params.put("page", page == 1 ? null : Integer.toString(page));
        return "/lessons" + query(params);
    }

    public static String search(String q) { return search(SearchParams.empty().withQuery(q)); }

    public static String search(SearchParams p) { return "/search" + searchQuery(p); }

    /** The search's results as a file: {@code csv} or {@code json}, with the same parameters. */
    public static String searchExport(SearchParams p, String format) { return "/search." + format + searchQuery(p); }

    /**
     * {@code path} on the casebook as an absolute address, for links that leave it (exports pasted into a
     * tracker): {@code base} is {@code tools/kb serve --base-url}, or the address the request came to.
     */
    public static String absolute(String base, String path) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    /** The casebook's address for absolute links: {@code configured} (--base-url) if set, else where the request came to. */
    public static String base(String configured, String scheme, String host) {
        return configured != null ? configured : scheme + "://" + host;
    }


    private static String searchQuery(SearchParams p) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", p.q());
        params.put("trigger", p.trigger() == null ? null : p.trigger().slug());
        params.put("industry", p.industry());
        params.put("year", p.year() == null ? null : p.year().toString());
        params.put("pattern", p.pattern());
        params.put("sort", p.sort() == SearchRequest.Sort.DATE ? "date" : null);
        params.put("page", p.page() == 1 ? null : Integer.toString(p.page()));
        params.put("limit", p.limit() == SearchParams.PAGE_SIZE ? null : Integer.toString(p.limit()));
        return query(params);
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
