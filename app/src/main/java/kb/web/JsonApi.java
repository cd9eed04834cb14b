package kb.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kb.model.CaseRecord;
import kb.model.Theme;
import kb.search.Correction;
import kb.search.Hit;
import kb.search.Passage;
import kb.search.SearchResult;
import kb.search.Suggester;
import kb.store.KnowledgeBase;
import kb.users.StorageException;
import kb.users.UsersDatabase;

/** The handlers of {@code /api/**} and {@code /health}; documented in docs/api.md and docs/openapi.yaml. */
final class JsonApi {
    private static final int RELATED = 5;

    record SearchAnswer(String query, long total, long exact, List<ApiHit> hits, Map<String, Map<String, Integer>> facets,
                        Correction didYouMean) {}

    /** A suggestion: its text, its kind, where it leads ({@code url}) and, for a word, the query it makes. */
    record SuggestionAnswer(String text, String kind, String url, String query) {}

    record SuggestAnswer(String q, List<SuggestionAnswer> suggestions) {}

    static final int SUGGEST_DEFAULT = 8;
    static final int SUGGEST_MAX = 20;

    /** A hit as the API answers it: {@code snippet} the passages as HTML, {@code passages} the same as text and offsets. */
    record ApiHit(String id, String title, String trigger, String date, float score, String snippet, List<Passage> passages) {
        static ApiHit of(Hit h) {
            return new ApiHit(h.id(), h.title(), h.trigger(), h.date(), h.score(),
                    h.passages().isEmpty() ? null : Snippet.html(h.passages()), h.passages());
        }
    }

    record Related(String id, List<ApiHit> related) {}

    record ThemeAnswer(String name, String en, String description, String fits, int lessons) {}

    record LessonAnswer(String id, String caseId, String caseTitle, String text, String theme) {}

    record LessonsAnswer(String q, String theme, int total, int page, int limit, List<LessonAnswer> lessons) {}

    /** {@code problem}: what is wrong when {@code status} is not ok (omitted when it is). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Health(String status, int cases, String problem) {}

    /** {@code field}: the refused field's path in the request ({@code modules[0].caseIds[1]}), when one was. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorAnswer(String error, String field) {}

    private JsonApi() {}

    static void search(Context ctx, KnowledgeBase kb) throws IOException {
        SearchResult r = kb.searcher().search(SearchParams.from(ctx).toRequest());
        ctx.json(new SearchAnswer(r.query(), r.total(), r.exact(), r.hits().stream().map(ApiHit::of).toList(), r.facets(),
                r.didYouMean()));
    }

    /**
     * Suggestions for the last word being typed in {@code q} (the words before it are kept in each suggestion's
     * query): words to search for, then cases to open.
     */
    static void suggest(Context ctx, KnowledgeBase kb) throws IOException {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        String limitParam = ctx.queryParam("limit");
        int limit = limitParam == null || limitParam.isBlank() ? SUGGEST_DEFAULT
                : SearchParams.number(limitParam.strip(), "limit", 1, SUGGEST_MAX);
        ctx.json(new SuggestAnswer(q, suggestions(kb, q, limit)));
    }

    static List<SuggestionAnswer> suggestions(KnowledgeBase kb, String q, int limit) throws IOException {
        String typed = q.replace('\u3000', ' ');
        int cut = typed.stripTrailing().lastIndexOf(' ');
        String before = cut < 0 ? "" : typed.substring(0, cut + 1);
        String last = typed.substring(cut + 1).strip();
        List<SuggestionAnswer> answers = new java.util.ArrayList<>();
        for (Suggester.Suggestion s : kb.searcher().suggest(last, limit)) {
            if (s.kind() == Suggester.Kind.CASE) {
                answers.add(new SuggestionAnswer(s.text(), s.kind().slug(), Urls.caseUrl(s.caseId()), null));
            } else {
                String query = before + s.text();
                answers.add(new SuggestionAnswer(s.text(), s.kind().slug(), Urls.search(query), query));
            }
        }
        return answers;
    }

    static void caseById(Context ctx, KnowledgeBase kb) {
        ctx.json(find(ctx, kb));
    }

    static void related(Context ctx, KnowledgeBase kb) throws IOException {
        CaseRecord c = find(ctx, kb);
        ctx.json(new Related(c.id(), kb.searcher().related(c.id(), RELATED).stream().map(ApiHit::of).toList()));
    }

    static void themes(Context ctx, KnowledgeBase kb) {
        Map<String, Integer> counts = kb.lessonsByTheme();
        ctx.json(kb.themes().stream().map(t -> new ThemeAnswer(t.name(), t.en(), t.description(), t.fits(),
                counts.getOrDefault(t.name(), 0))).toList());
    }

    static void lessons(Context ctx, KnowledgeBase kb) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        String themeParam = ctx.queryParam("theme");
        Theme theme = themeParam == null || themeParam.isBlank() ? null : HtmlPages.findTheme(kb, themeParam.strip(), true);
        int page = ListParams.page(ctx);
        int limit = ListParams.limit(ctx);
        LessonFinder.Found found = LessonFinder.page(kb, q, theme == null ? null : theme.name(), ListParams.offset(page, limit), limit);
        List<LessonAnswer> lessons = found.lessons().stream()
                .map(v -> new LessonAnswer(v.lesson().id(), v.lesson().caseId(), v.caseTitle(), v.lesson().text(), v.lesson().theme()))
                .toList();
        ctx.json(new LessonsAnswer(q, theme == null ? null : theme.name(), found.total(), page, limit, lessons));
    }

    /**
     * 200 while the server can read its knowledge base and write users.db. After a write failed for lack of space
     * (or another storage fault), 503 naming the fault, until a test write succeeds again.
     */
    static void health(Context ctx, KnowledgeBase kb, UsersDatabase users) {
        Optional<StorageException> fault = users.fault();
        if (fault.isPresent() && !users.probeWrite()) {
            ctx.status(503).header("Retry-After", "60");
            ctx.json(new Health("fault", kb.count(), "users.db: " + WebApp.storageMessage(fault.get())));
            return;
        }
        ctx.json(new Health("ok", kb.count(), null));
    }

    private static CaseRecord find(Context ctx, KnowledgeBase kb) {
        String id = ctx.pathParam("id");
        return kb.find(id).orElseThrow(() -> WebError.notFound("事例「" + id + "」はありません。"));
    }
}
