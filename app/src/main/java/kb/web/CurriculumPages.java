package kb.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kb.markdown.SafeMarkdown;
import kb.model.CaseRecord;
import kb.search.Hit;
import kb.search.SearchRequest;
import kb.store.KnowledgeBase;
import kb.users.UsersException.ValidationException;
import kb.users.curricula.Curriculum;
import kb.users.curricula.CurriculumDraft;
import kb.users.curricula.CurriculumExport;
import kb.users.curricula.CurriculumService;
import kb.users.curricula.Module;

/**
 * Curricula as plain forms. The edit form holds the whole curriculum; each of its buttons (save, move a
 * case or module up or down, remove one) changes the submitted copy and saves it whole, as the service's
 * replace does — so nothing needs a script, and a refused save re-shows exactly what was submitted. Cases
 * are added by searching their titles (several ticked at once), or from a case page or search results.
 */
record CurriculumPages(HtmlPages pages, UsersServices users) {
    /** Cases offered by one title search in the editor. */
    static final int FOUND = 10;
    /** The curriculum and module chosen last on the add form, preselected next time; a browser-session cookie. */
    static final String MODULE_COOKIE = "kb_module";

    void list(Context ctx, KnowledgeBase kb) {
        pages.render(ctx, new Page.Curricula(users.curricula(kb).list(Auth.actor(ctx)), Page.CurriculumForm.EMPTY, null));
    }

    void create(Context ctx, KnowledgeBase kb) {
        Page.CurriculumForm form = new Page.CurriculumForm(TicketPages.field(ctx, "title"),
                TicketPages.field(ctx, "audience"), TicketPages.field(ctx, "objectives"), List.of());
        CurriculumService curricula = users.curricula(kb);
        pages.submit(ctx, () -> Urls.curriculum(curricula.create(Auth.actor(ctx), draft(form)).id()),
                error -> new Page.Curricula(curricula.list(Auth.actor(ctx)), form, error));
    }

    /** {@code /curricula/{id}}, and its Markdown handout at {@code {id}.md}. */
    void detail(Context ctx, KnowledgeBase kb) {
        String param = ctx.pathParam("id");
        boolean markdown = param.endsWith(".md");
        Curriculum cur = users.curricula(kb).get(Auth.actor(ctx), id(markdown ? param.substring(0, param.length() - 3) : param, "研修"));
        if (markdown) {
            ctx.contentType("text/markdown; charset=utf-8").result(CurriculumExport.markdown(cur, kb));
        } else {
            pages.render(ctx, detailPage(kb, cur, form(cur), null, null));
        }
    }

    /**
     * The edit form's buttons. {@code find:<m>} searches the titles typed in module m's add box and shows
     * the cases found to tick, saving nothing; every other button saves. Text in an add box that is not a
     * case id is searched the same way instead of being saved.
     */
    void edit(Context ctx, KnowledgeBase kb) throws IOException {
        long id = id(ctx.pathParam("id"), "研修");
        CurriculumService curricula = users.curricula(kb);
        String action = TicketPages.field(ctx, "action");
        Page.CurriculumForm form = apply(submitted(ctx, kb), action);
        Curriculum saved = curricula.get(Auth.actor(ctx), id);
        if (action.startsWith("find:")) {
            int m = index(action.substring(5), form.modules().size() + 1);
            pages.render(ctx, detailPage(kb, saved, searched(form, m), found(kb, m, module(form, m).add()), null));
            return;
        }
        for (int m = 0; m < form.modules().size(); m++) {
            String add = form.modules().get(m).add();
            if (!add.isEmpty()) {
                ctx.status(HttpStatus.BAD_REQUEST);
                pages.render(ctx, detailPage(kb, saved, searched(form, m), found(kb, m, add), new Page.FormError("modules[" + m + "].add",
                        "モジュール " + (m + 1) + " の事例の追加: 「" + add + "」は事例 ID ではありません。"
                                + "下の候補から選ぶか、語を変えて検索してください。何も保存していません。")));
                return;
            }
        }
        pages.submit(ctx, () -> Urls.curriculum(curricula.replace(Auth.actor(ctx), id, draft(form)).id()),
                error -> detailPage(kb, saved, form, null, error));
    }

    void handout(Context ctx, KnowledgeBase kb) {
        Curriculum cur = users.curricula(kb).get(Auth.actor(ctx), id(ctx.pathParam("id"), "研修"));
        String edition = ctx.queryParam("edition");
        if (edition != null && !edition.isEmpty() && !edition.equals("instructor") && !edition.equals("trainee")) {
            throw WebError.badRequest("edition は trainee（受講者用）か instructor（講師用）で指定してください: " + edition);
        }
        List<Page.HandoutModule> modules = cur.modules().stream().map(m -> new Page.HandoutModule(m,
                m.caseIds().stream().map(id -> handoutCase(kb, id)).toList())).toList();
        pages.render(ctx, new Page.Handout(cur, modules, "instructor".equals(edition)));
    }

    /** {@code /curricula/add?case=…}: choose the curriculum and module for the cases of a case page or search results. */
    void addForm(Context ctx, KnowledgeBase kb) {
        List<CaseRecord> cases = cases(kb, ctx.queryParams("case"));
        if (cases.isEmpty()) {
            throw WebError.badRequest("研修に追加する事例を選んでください。");
        }
        String last = ctx.cookie(MODULE_COOKIE);
        pages.render(ctx, new Page.AddToCurriculum(cases, users.curricula(kb).list(Auth.actor(ctx)),
                last == null ? "" : last, "", null));
    }

    /** Adds the ticked cases to the chosen module ({@code target} = {@code <id>:<module>} or {@code <id>:new}). */
    void add(Context ctx, KnowledgeBase kb) {
        List<String> caseIds = ctx.formParams("case").stream().map(String::strip).distinct().toList();
        String target = TicketPages.field(ctx, "target");
        String newModule = TicketPages.field(ctx, "newModule");
        CurriculumService curricula = users.curricula(kb);
        pages.submit(ctx, () -> {
            int colon = target.indexOf(':');
            if (colon < 0) {
                throw new ValidationException("target", "追加先", "カリキュラムとモジュールを選んでください。");
            }
            long id = id(target.substring(0, colon), "研修");
            String module = target.substring(colon + 1);
            int m = module.equals("new") ? -1 : index(module, CurriculumService.MAX_MODULES);
            Curriculum cur = curricula.addCases(Auth.actor(ctx), id, m, newModule, caseIds);
            int added = m < 0 ? cur.modules().size() - 1 : m;
            HtmlPages.remember(ctx, MODULE_COOKIE, id + ":" + added);
            return Urls.curriculum(id) + "#module-" + (added + 1);
        }, error -> new Page.AddToCurriculum(cases(kb, caseIds), curricula.list(Auth.actor(ctx)), target, newModule, error));
    }

    private static List<CaseRecord> cases(KnowledgeBase kb, List<String> ids) {
        return new LinkedHashSet<>(ids).stream()
                .map(id -> kb.find(id.strip()).orElseThrow(() -> WebError.notFound("事例「" + id + "」は事例集にありません。")))
                .toList();
    }


    /** The cases whose text matches {@code query}, best first, leaving out those the module already has. */
    private static Page.Found found(KnowledgeBase kb, int module, String query) throws IOException {
        List<Hit> hits = kb.searcher().search(SearchRequest.of(query, FOUND + CurriculumService.MAX_CASES)).hits();
        return new Page.Found(module, query, hits.stream().limit(FOUND).toList());
    }

    /** The form with module m's add box emptied: its words were searched, and the cases found are shown to tick. */
    private static Page.CurriculumForm searched(Page.CurriculumForm form, int m) {
        List<Page.ModuleForm> modules = new ArrayList<>(form.modules());
        if (m < modules.size()) {
            Page.ModuleForm module = modules.get(m);
            modules.set(m, new Page.ModuleForm(module.title(), module.caseIds(), module.note(), module.questions(), ""));
        }
        return new Page.CurriculumForm(form.title(), form.audience(), form.objectives(), List.copyOf(modules));
    }

    private static Page.ModuleForm module(Page.CurriculumForm form, int m) {
        return m < form.modules().size() ? form.modules().get(m) : new Page.ModuleForm("", List.of(), "", "", "");
    }

    private static Page.HandoutCase handoutCase(KnowledgeBase kb, String id) {
        CaseRecord c = kb.find(id).orElse(null);
        return c == null ? new Page.HandoutCase(id, null, "", "")
                : new Page.HandoutCase(id, c, html(c, "概要"), html(c, "原因"));
    }

    private static String html(CaseRecord c, String section) {
        String markdown = c.sections().get(section);
        return markdown == null ? "" : SafeMarkdown.toHtml(markdown);
    }

    /** The titles of the cases the form holds and of the cases found: asked of the store case by case. */
    private static Page.CurriculumDetail detailPage(KnowledgeBase kb, Curriculum saved, Page.CurriculumForm form,
                                                    Page.Found found, Page.FormError error) {
        Map<String, String> titles = new LinkedHashMap<>();
        for (Module m : saved.modules()) {
            m.caseIds().forEach(id -> kb.find(id).ifPresent(c -> titles.put(id, c.title())));
        }
        for (Page.ModuleForm m : form.modules()) {
            m.caseIds().forEach(id -> kb.find(id).ifPresent(c -> titles.put(id, c.title())));
        }
        return new Page.CurriculumDetail(saved, form, titles, found, error);
    }

    /** A curriculum's (or saved check's) id in a path or a field; anything else is a page that does not exist. */
    static long id(String param, String what) {
        try {
            return Long.parseLong(param);
        } catch (NumberFormatException e) {
            throw WebError.notFound(what + "「" + param + "」はありません。");
        }
    }

    private static int index(String param, int max) {
        try {
            int i = Integer.parseInt(param);
            if (i >= 0 && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw WebError.badRequest("モジュールの指定が正しくありません: " + param);
    }

    private static Page.CurriculumForm form(Curriculum c) {
        return new Page.CurriculumForm(c.title(), c.audience(), String.join("\n", c.objectives()),
                c.modules().stream().map(m -> new Page.ModuleForm(m.title(), m.caseIds(), m.note(),
                        String.join("\n", m.questions()), "")).toList());
    }

    /**
     * The form as submitted: modules {@code m0…m<n-1>} (n in {@code modules}) and the blank one after them,
     * kept when anything was typed into it. A module's cases are its {@code m<i>.case} fields in order, then
     * the cases ticked among those found ({@code m<i>.pick}), then what was typed into {@code m<i>.add} when
     * it is a case id; other text stays in the add box, to be searched.
     */
    private static Page.CurriculumForm submitted(Context ctx, KnowledgeBase kb) {
        String count = TicketPages.field(ctx, "modules");
        int n;
        try {
            n = count.isEmpty() ? 0 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > CurriculumService.MAX_MODULES) {
            throw WebError.badRequest("モジュールの数が正しくありません（0〜" + CurriculumService.MAX_MODULES + "）: " + count);
        }
        List<Page.ModuleForm> modules = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            String p = "m" + i + ".";
            Set<String> cases = new LinkedHashSet<>(ctx.formParams(p + "case").stream().map(String::strip).toList());
            cases.addAll(ctx.formParams(p + "pick").stream().map(String::strip).toList());
            String add = TicketPages.field(ctx, p + "add");
            if (!add.isEmpty() && kb.find(add).isPresent()) {
                cases.add(add);
                add = "";
            }
            Page.ModuleForm m = new Page.ModuleForm(TicketPages.field(ctx, p + "title"), List.copyOf(cases),
                    TicketPages.field(ctx, p + "note"), TicketPages.field(ctx, p + "questions"), add);
            boolean blank = m.title().isEmpty() && m.caseIds().isEmpty() && m.note().isEmpty() && m.questions().isEmpty()
                    && m.add().isEmpty();
            if (i < n || !blank) {
                modules.add(m);
            }
        }
        return new Page.CurriculumForm(TicketPages.field(ctx, "title"), TicketPages.field(ctx, "audience"),
                TicketPages.field(ctx, "objectives"), modules);
    }

    /** The button pressed: {@code save}, {@code find:<module>}, {@code up|down|remove:<module>:<case>}, or {@code mup|mdown|mremove:<module>}. */
    private static Page.CurriculumForm apply(Page.CurriculumForm form, String action) {
        if (action.isEmpty() || action.equals("save") || action.startsWith("find:")) {
            return form;
        }
        String[] parts = action.split(":");
        List<Page.ModuleForm> modules = new ArrayList<>(form.modules());
        try {
            int m = Integer.parseInt(parts[1]);
            switch (parts[0]) {
                case "mup" -> swap(modules, m, m - 1);
                case "mdown" -> swap(modules, m, m + 1);
                case "mremove" -> modules.remove(m);
                case "up", "down", "remove" -> {
                    int c = Integer.parseInt(parts[2]);
                    Page.ModuleForm module = modules.get(m);
                    List<String> cases = new ArrayList<>(module.caseIds());
                    switch (parts[0]) {
                        case "up" -> swap(cases, c, c - 1);
                        case "down" -> swap(cases, c, c + 1);
                        default -> cases.remove(c);
                    }
                    modules.set(m, new Page.ModuleForm(module.title(), List.copyOf(cases), module.note(), module.questions(), module.add()));
                }
                default -> throw new IllegalArgumentException(parts[0]);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw WebError.badRequest("ボタンの指定が正しくありません: " + action);
        }
        return new Page.CurriculumForm(form.title(), form.audience(), form.objectives(), List.copyOf(modules));
    }

    private static <T> void swap(List<T> list, int i, int j) {
        if (j >= 0 && j < list.size()) {
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static CurriculumDraft draft(Page.CurriculumForm form) {
        return new CurriculumDraft(form.title(), form.audience(), lines(form.objectives()),
                form.modules().stream().map(m -> new Module(m.title(), m.caseIds(), m.note(), lines(m.questions()))).toList());
    }

    /** One item per non-blank line of a textarea. */
    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
