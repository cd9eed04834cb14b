package kb.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import kb.markdown.SafeMarkdown;
import kb.model.CaseRecord;
import kb.model.Industry;
import kb.model.Section;
import kb.model.Theme;
import kb.model.Trigger;
import kb.search.SearchResult;
import kb.search.UserQuery;
import kb.store.CaseStore;
import kb.store.KnowledgeBase;
import kb.users.UsersException.ValidationException;
import kb.users.tickets.TicketService;

/** The handlers of the HTML pages: read the parameters, ask the knowledge base, fill the page record. */
final class HtmlPages {
    private static final int RECENT = 8;
    private static final int TRIGGER_PAGE = 50;
    /** Lessons on one page of /lessons: at 100,000 cases there are 300,000 of them. */
    private static final int LESSONS_PAGE = 100;
    private static final int HOME_LESSONS = 6;
    private static final int RELATED = 5;
    /** For a word that matches nothing: the suggestions for its first letters, a few. */
    private static final int BEGINNING = 2;
    private static final int SUGGESTED_PER_WORD = 4;
    private static final Map<String, String> FACET_LABELS = Map.of(
            "trigger", "発生の端緒", "industry", "業態", "year", "年", "pattern", "パターン");
    private static final List<Chart.Series> TRIGGER_SERIES = Arrays.stream(Trigger.values())
            .map(t -> new Chart.Series(t.label(), "t-" + t.slug())).toList();

    private final Templates templates;
    private final UsersServices users;

    HtmlPages(Templates templates, UsersServices users) {
        this.templates = templates;
        this.users = users;
    }

    void render(Context ctx, Page page) {
        ctx.html(templates.render(page, Auth.viewer(ctx)));
    }

    /**
     * A form's write: done, it redirects (303) to the URL {@code write} answers, so reloading does not post
     * again; refused as bad input, it answers 400 with the page {@code again} builds around the message.
     */
    void submit(Context ctx, Supplier<String> write, Function<Page.FormError, Page> again) {
        String next;
        try {
            next = write.get();
        } catch (ValidationException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            render(ctx, again.apply(Page.FormError.of(e)));
            return;
        }
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    /** A choice to preselect on the next form, kept in a cookie until the browser closes. */
    static void remember(Context ctx, String name, String value) {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath("/");
        cookie.setMaxAge(-1);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setSecure(ctx.scheme().equals("https"));
        ctx.cookie(cookie);
    }

    void home(Context ctx, KnowledgeBase kb) {
        Map<String, Integer> counts = kb.counts().byTrigger();
        List<Page.TriggerCount> triggers = Arrays.stream(Trigger.values())
                .map(t -> new Page.TriggerCount(t, counts.getOrDefault(t.slug(), 0))).toList();
        // A few lessons to read first: from the newest cases, one per theme, so the sample is varied.
        List<Page.LessonView> lessons = new ArrayList<>();
        Set<String> themesSeen = new LinkedHashSet<>();
        kb.lessons(l -> {
            if (l.lesson().theme() != null && themesSeen.add(l.lesson().theme())) {
                lessons.add(new Page.LessonView(l.lesson(), l.caseTitle()));
            }
            return lessons.size() < HOME_LESSONS && themesSeen.size() < kb.themes().size();
        });
        render(ctx, new Page.Home(kb.count(), triggers, kb.newest(null, 0, RECENT), lessons));
    }

    void search(Context ctx, KnowledgeBase kb) throws IOException {
        SearchParams params = SearchParams.from(ctx);
        SearchResult result = kb.searcher().search(params.toRequest());
        List<Page.FacetGroup> facets = new ArrayList<>();
        result.facets().forEach((dim, values) -> {
            List<Page.FacetLink> links = new ArrayList<>();
            String selected = selected(params, dim);
            // Years read best in time order, newest first; the other dimensions come most frequent first.
            List<String> order = new ArrayList<>(values.keySet());
            if (dim.equals("year")) {
                order.sort(Comparator.reverseOrder());
            }
            order.forEach(value -> links.add(new Page.FacetLink(facetLabel(dim, value), values.get(value),
                    Urls.search(params.with(dim, value.equals(selected) ? null : value)), value.equals(selected))));
            if (!links.isEmpty()) {
                facets.add(new Page.FacetGroup(FACET_LABELS.get(dim), links));
            }
        });
        List<Page.Link> active = new ArrayList<>();
        for (String dim : List.of("trigger", "industry", "year", "pattern")) {
            String value = selected(params, dim);
            if (value != null) {
                active.add(new Page.Link(FACET_LABELS.get(dim) + ": " + facetLabel(dim, value), Urls.search(params.with(dim, null))));
            }
        }
        int lastPage = (int) Math.max(1, Math.min(SearchParams.MAX_PAGE, (result.total() + params.limit() - 1) / params.limit()));
        Page.Pagination pagination = new Page.Pagination(params.page(), lastPage,
                params.page() > 1 ? Urls.search(params.withPage(Math.min(params.page() - 1, lastPage))) : null,
                params.page() < lastPage ? Urls.search(params.withPage(params.page() + 1)) : null);
        render(ctx, new Page.Search(params, result, facets, active, pagination,
                result.total() == 0 ? zeroResultHelp(kb, params, result) : List.of()));
    }

    /**
     * What to try when nothing matched, from what was typed: the search without its filters; each word that
     * matches something on its own; for each word that matches nothing, the words and titles that begin like it.
     */
    private static List<Page.Link> zeroResultHelp(KnowledgeBase kb, SearchParams params, SearchResult result) throws IOException {
        List<Page.Link> links = new ArrayList<>();
        if (params.hasFilters()) {
            links.add(new Page.Link("絞り込みを解除して「" + params.q() + "」を検索", Urls.search(params.withoutFilters())));
        }
        UserQuery query = UserQuery.parse(params.q());
        for (String word : query.include()) {
            if (query.include().size() > 1 && !result.unmatched().contains(word)) {
                links.add(new Page.Link("「" + word + "」だけで検索", Urls.search(params.withoutFilters().withQuery(word))));
            }
        }
        for (String word : result.unmatched()) {
            String start = word.substring(0, word.offsetByCodePoints(0, Math.min(BEGINNING, word.codePointCount(0, word.length()))));
            for (JsonApi.SuggestionAnswer s : JsonApi.suggestions(kb, start, SUGGESTED_PER_WORD)) {
                links.add(new Page.Link(s.kind().equals("case") ? "事例「" + s.text() + "」" : "「" + s.text() + "」で検索", s.url()));
            }
        }
        return links;
    }

    void caseDetail(Context ctx, KnowledgeBase kb) throws IOException {
        String id = ctx.pathParam("id");
        CaseRecord c = kb.find(id).orElseThrow(() -> WebError.notFound("事例「" + id + "」は見つかりません。"));
        List<Page.RenderedSection> sections = new ArrayList<>();
        c.sections().forEach((heading, markdown) -> {
            if (!heading.equals(Section.LESSONS.ja())) {
                sections.add(new Page.RenderedSection(heading, SafeMarkdown.toHtml(markdown)));
            }
        });
        List<Page.LessonView> lessons = c.lessons().stream().map(l -> new Page.LessonView(l, c.title())).toList();
        TicketService tickets = users.tickets(kb);
        render(ctx, new Page.Case(c, c.triggerEnum(), sections, lessons, kb.searcher().related(id, RELATED),
                tickets.citing(Auth.actor(ctx), id), TicketPages.ticketChoice(ctx, tickets)));
    }

    void trigger(Context ctx, KnowledgeBase kb) {
        String slug = ctx.pathParam("slug");
        Trigger trigger = Trigger.fromSlug(slug).orElseThrow(() -> WebError.notFound("発生の端緒「" + slug + "」はありません。"));
        CaseStore.Counts counts = kb.counts();
        Map<String, int[]> perYear = new LinkedHashMap<>();
        for (String year : yearRange(counts)) {
            Map<String, Integer> ofYear = counts.byYearAndTrigger().getOrDefault(Integer.parseInt(year), Map.of());
            perYear.put(year, new int[] {ofYear.getOrDefault(trigger.slug(), 0)});
        }
        Chart chart = Chart.columns("年別の事例数（" + trigger.label() + "）", "年", List.copyOf(perYear.keySet()),
                List.of(new Chart.Series(trigger.label(), "t-" + trigger.slug())), perYear);
        int total = counts.byTrigger().getOrDefault(trigger.slug(), 0);
        int lastPage = Math.max(1, (total + TRIGGER_PAGE - 1) / TRIGGER_PAGE);
        String pageParam = SearchParams.param(ctx, "page");
        // A page past the last (a link from when there were more cases) shows the last.
        int page = Math.min(pageParam == null ? 1 : SearchParams.number(pageParam, "page", 1, Integer.MAX_VALUE), lastPage);
        Page.Pagination pagination = new Page.Pagination(page, lastPage,
                page > 1 ? Urls.trigger(trigger, page - 1) : null,
                page < lastPage ? Urls.trigger(trigger, page + 1) : null);
        render(ctx, new Page.TriggerCases(trigger, total, kb.newest(trigger.slug(), (page - 1) * TRIGGER_PAGE, TRIGGER_PAGE),
                chart, pagination));
    }

    void lessons(Context ctx, KnowledgeBase kb) {
        String theme = ctx.queryParam("theme");
        lessonsPage(ctx, kb, theme == null || theme.isBlank() ? null : findTheme(kb, theme.strip(), true));
    }

    void theme(Context ctx, KnowledgeBase kb) {
        lessonsPage(ctx, kb, findTheme(kb, ctx.pathParam("theme"), false));
    }

    private void lessonsPage(Context ctx, KnowledgeBase kb, Theme theme) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        String themeName = theme == null ? null : theme.name();
        String pageParam = SearchParams.param(ctx, "page");
        int asked = pageParam == null ? 1 : SearchParams.number(pageParam, "page", 1, Integer.MAX_VALUE);
        LessonFinder.PageOf shown = LessonFinder.pageOrLast(kb, q, themeName, asked, LESSONS_PAGE);
        LessonFinder.Found found = shown.found();
        int page = shown.page();
        int lastPage = shown.lastPage();
        // The page's lessons come in the vocabulary's order of themes, those without one last: one group a theme.
        Map<String, List<Page.LessonView>> byTheme = new LinkedHashMap<>();
        found.lessons().forEach(l -> byTheme.computeIfAbsent(l.lesson().theme(), k -> new ArrayList<>()).add(l));
        List<Page.LessonGroup> groups = new ArrayList<>();
        byTheme.forEach((name, lessons) -> groups.add(new Page.LessonGroup(name == null ? null : themeNamed(kb, name), lessons)));
        Map<String, Integer> counts = kb.lessonsByTheme();
        List<Page.ThemeCount> themes = kb.themes().stream()
                .map(t -> new Page.ThemeCount(t, counts.getOrDefault(t.name(), 0))).toList();
        Page.Pagination pagination = new Page.Pagination(page, lastPage,
                page > 1 ? Urls.lessons(q, themeName, page - 1) : null,
                page < lastPage ? Urls.lessons(q, themeName, page + 1) : null);
        render(ctx, new Page.Lessons(q, theme, themes, groups, found.total(), (page - 1) * LESSONS_PAGE + 1, pagination));
    }

    void stats(Context ctx, KnowledgeBase kb) {
        CaseStore.Counts counts = kb.counts();
        Map<String, int[]> perYear = new LinkedHashMap<>();
        for (String year : yearRange(counts)) {
            int[] row = new int[Trigger.values().length];
            counts.byYearAndTrigger().getOrDefault(Integer.parseInt(year), Map.of())
                    .forEach((slug, n) -> row[Trigger.fromSlug(slug).orElseThrow().ordinal()] = n);
            perYear.put(year, row);
        }
        Map<String, Integer> perIndustry = new LinkedHashMap<>();
        Industry.ALL.forEach(i -> perIndustry.put(i, counts.byIndustry().getOrDefault(i, 0)));
        perIndustry.values().removeIf(n -> n == 0);
        List<Page.YearRow> rows = new ArrayList<>();
        perYear.forEach((year, n) -> {
            List<Integer> list = Arrays.stream(n).boxed().toList();
            int total = list.stream().mapToInt(Integer::intValue).sum();
            if (total > 0) {
                rows.add(new Page.YearRow(year, list, total));
            }
        });
        render(ctx, new Page.Stats(counts.total(),
                Chart.columns("年別・発生の端緒別の事例数", "年", List.copyOf(perYear.keySet()), TRIGGER_SERIES, perYear),
                Chart.bars("業態別の事例数", "業態", perIndustry, "industry"), rows));
    }

    /** Every year from the oldest case to the newest, so gaps show as empty columns. */
    private static List<String> yearRange(CaseStore.Counts counts) {
        List<String> range = new ArrayList<>();
        if (!counts.byYearAndTrigger().isEmpty()) {
            TreeMap<Integer, Map<String, Integer>> years = new TreeMap<>(counts.byYearAndTrigger());
            for (int y = years.firstKey(); y <= years.lastKey(); y++) {
                range.add(Integer.toString(y));
            }
        }
        return range;
    }

    /** An unknown theme is a bad parameter in {@code ?theme=} (400) and a missing page at {@code /themes/…} (404). */
    static Theme findTheme(KnowledgeBase kb, String name, boolean parameter) {
        Theme theme = themeNamed(kb, name);
        if (theme == null) {
            throw parameter ? WebError.badRequest("theme の値が不正です（テーマ一覧にない名前）: " + name)
                    : WebError.notFound("テーマ「" + name + "」はありません。");
        }
        return theme;
    }

    private static Theme themeNamed(KnowledgeBase kb, String name) {
        return kb.themes().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    private static String selected(SearchParams p, String dim) {
        return switch (dim) {
            case "trigger" -> p.trigger() == null ? null : p.trigger().slug();
            case "industry" -> p.industry();
            case "year" -> p.year() == null ? null : p.year().toString();
            case "pattern" -> p.pattern();
            default -> null;
        };
    }

    private static String facetLabel(String dim, String value) {
        return dim.equals("trigger") ? Trigger.fromSlug(value).map(Trigger::label).orElse(value) : value;
    }
}
