package kb.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kb.markdown.SafeMarkdown;
import kb.model.CaseRecord;
import kb.store.KnowledgeBase;
import kb.users.curricula.Curriculum;
import kb.users.curricula.CurriculumDraft;
import kb.users.curricula.CurriculumExport;
import kb.users.curricula.CurriculumService;
import kb.users.curricula.Module;

/**
 * Curricula as plain forms. The edit form holds the whole curriculum; each of its buttons (save, move a
 * case or module up or down, remove one) changes the submitted copy and saves it whole, as the service's
 * replace does — so nothing needs a script, and a refused save re-shows exactly what was submitted.
 */
record CurriculumPages(HtmlPages pages, UsersServices users) {
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
        Curriculum cur = users.curricula(kb).get(Auth.actor(ctx), id(markdown ? param.substring(0, param.length() - 3) : param));
        if (markdown) {
            ctx.contentType("text/markdown; charset=utf-8").result(CurriculumExport.markdown(cur, kb));
        } else {
            pages.render(ctx, detailPage(kb, cur, form(cur), null));
        }
    }

    void edit(Context ctx, KnowledgeBase kb) {
        long id = id(ctx.pathParam("id"));
        CurriculumService curricula = users.curricula(kb);
        Page.CurriculumForm form = apply(submitted(ctx), TicketPages.field(ctx, "action"));
        pages.submit(ctx, () -> Urls.curriculum(curricula.replace(Auth.actor(ctx), id, draft(form)).id()),
                error -> detailPage(kb, curricula.get(Auth.actor(ctx), id), form, error));
    }

    void handout(Context ctx, KnowledgeBase kb) {
        Curriculum cur = users.curricula(kb).get(Auth.actor(ctx), id(ctx.pathParam("id")));
        List<Page.HandoutModule> modules = cur.modules().stream().map(m -> new Page.HandoutModule(m,
                m.caseIds().stream().map(id -> handoutCase(kb, id)).toList())).toList();
        pages.render(ctx, new Page.Handout(cur, modules));
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

    private static Page.CurriculumDetail detailPage(KnowledgeBase kb, Curriculum saved, Page.CurriculumForm form,
                                                    Page.FormError error) {
        Map<String, String> titles = new LinkedHashMap<>();
        kb.cases().forEach(c -> titles.put(c.id(), c.title()));
        return new Page.CurriculumDetail(saved, form, titles, kb.cases(), error);
    }

    private static long id(String param) {
        try {
            return Long.parseLong(param);
        } catch (NumberFormatException e) {
            throw WebError.notFound("研修「" + param + "」はありません。");
        }
    }

    private static Page.CurriculumForm form(Curriculum c) {
        return new Page.CurriculumForm(c.title(), c.audience(), String.join("\n", c.objectives()),
                c.modules().stream().map(m -> new Page.ModuleForm(m.title(), m.caseIds(), m.note(),
                        String.join("\n", m.questions()))).toList());
    }

    /**
     * The form as submitted: modules {@code m0…m<n-1>} (n in {@code modules}) and the blank one after them,
     * kept when anything was typed into it. A module's cases are its {@code m<i>.case} fields in order, plus
     * the id typed into {@code m<i>.add}.
     */
    private static Page.CurriculumForm submitted(Context ctx) {
        String count = TicketPages.field(ctx, "modules");
        int n;
        try {
            n = count.isEmpty() ? 0 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > CurriculumService.MAX_MODULES) {
            throw WebError.badRequest("modules の値が不正です（0–" + CurriculumService.MAX_MODULES + "）: " + count);
        }
        List<Page.ModuleForm> modules = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            String p = "m" + i + ".";
            List<String> cases = new ArrayList<>(ctx.formParams(p + "case").stream().map(String::strip).toList());
            String added = TicketPages.field(ctx, p + "add");
            if (!added.isEmpty()) {
                cases.add(added);
            }
            Page.ModuleForm m = new Page.ModuleForm(TicketPages.field(ctx, p + "title"), List.copyOf(cases),
                    TicketPages.field(ctx, p + "note"), TicketPages.field(ctx, p + "questions"));
            boolean blank = m.title().isEmpty() && m.caseIds().isEmpty() && m.note().isEmpty() && m.questions().isEmpty();
            if (i < n || !blank) {
                modules.add(m);
            }
        }
        return new Page.CurriculumForm(TicketPages.field(ctx, "title"), TicketPages.field(ctx, "audience"),
                TicketPages.field(ctx, "objectives"), modules);
    }

    /** The button pressed: {@code save}, or {@code up|down|remove:<module>:<case>}, or {@code mup|mdown|mremove:<module>}. */
    private static Page.CurriculumForm apply(Page.CurriculumForm form, String action) {
        if (action.isEmpty() || action.equals("save")) {
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
                    modules.set(m, new Page.ModuleForm(module.title(), List.copyOf(cases), module.note(), module.questions()));
                }
                default -> throw new IllegalArgumentException(parts[0]);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw WebError.badRequest("action の値が不正です: " + action);
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
