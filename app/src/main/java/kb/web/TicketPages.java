package kb.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Source;
import kb.store.KnowledgeBase;
import kb.users.UsersException.ValidationException;
import kb.users.check.CheckMatch;
import kb.users.check.CheckService;
import kb.users.check.SavedCheck;
import kb.users.tickets.LessonNote;
import kb.users.tickets.Ticket;
import kb.users.tickets.TicketDraft;
import kb.users.tickets.TicketExport;
import kb.users.tickets.TicketService;
import kb.users.tickets.TicketStatus;

/**
 * The pre-change check and the change tickets: list and create, details and exports, status, attaching
 * (several lessons in one submit) and detaching. A refused form comes back with the message and what the
 * user typed (400). The ticket a reviewer attached to last is remembered for the browser session.
 */
record TicketPages(HtmlPages pages, UsersServices users, String baseUrl) {
    static final int CHECK_LIMIT = 10;
    /** The ticket chosen last, preselected on the next attach form; a browser-session cookie. */
    static final String TICKET_COOKIE = "kb_ticket";

    void checkForm(Context ctx) {
        pages.render(ctx, new Page.Check("", CHECK_LIMIT, null, null, null, null));
    }

    /**
     * A POST because the text may be 20,000 characters, too long for a URL. A signed-in user's check is
     * saved and shown at its own address; an anonymous visitor's is shown here and not kept.
     */
    void check(Context ctx, KnowledgeBase kb) {
        String text = ctx.formParam("text") == null ? "" : ctx.formParam("text");
        String limitParam = field(ctx, "limit");
        CheckService checks = users.check(kb);
        try {
            int limit = limit(limitParam);
            if (Auth.actor(ctx) != null) {
                SavedCheck saved = checks.save(Auth.actor(ctx), text, limit);
                ctx.redirect(Urls.savedCheck(saved.id()), HttpStatus.SEE_OTHER);
                return;
            }
            pages.render(ctx, new Page.Check(text, limit, views(checks.check(null, text, limit)), null, null, null));
        } catch (ValidationException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            pages.render(ctx, new Page.Check(text, CHECK_LIMIT, null, Page.FormError.of(e), null, null));
        }
    }

    /** {@code /checks/{id}}: a saved check, checked again against the live casebook. */
    void savedCheck(Context ctx, KnowledgeBase kb) {
        long id = CurriculumPages.id(ctx.pathParam("id"), "保存された変更前チェック");
        CheckService checks = users.check(kb);
        SavedCheck saved = checks.saved(Auth.actor(ctx), id);
        List<Page.MatchView> matches = views(checks.check(Auth.actor(ctx), saved.text(), saved.limit()));
        pages.render(ctx, new Page.Check(saved.text(), saved.limit(), matches, null, saved, ticketChoice(ctx, users.tickets(kb))));
    }

    private static int limit(String param) {
        if (param.isEmpty()) {
            return CHECK_LIMIT;
        }
        try {
            return Integer.parseInt(param);
        } catch (NumberFormatException e) {
            throw new ValidationException("limit", CheckService.LIMIT_LABEL, "1〜" + CheckService.MAX_LIMIT + " の数で指定してください（" + param + "）。");
        }
    }

    private static List<Page.MatchView> views(List<CheckMatch> matches) {
        float best = matches.isEmpty() ? 1 : Math.max(matches.getFirst().score(), Float.MIN_NORMAL);
        return matches.stream().map(m -> new Page.MatchView(m, kb.model.Trigger.fromSlug(m.trigger()).orElseThrow(),
                Math.round(100 * m.score() / best))).toList();
    }

    void list(Context ctx, KnowledgeBase kb) {
        pages.render(ctx, new Page.Tickets(users.tickets(kb).list(Auth.actor(ctx)), Page.TicketForm.EMPTY, null));
    }

    void create(Context ctx, KnowledgeBase kb) {
        Page.TicketForm form = new Page.TicketForm(field(ctx, "key"), field(ctx, "title"), field(ctx, "system"),
                field(ctx, "trackerUrl"));
        TicketService tickets = users.tickets(kb);
        pages.submit(ctx, () -> Urls.ticket(tickets.create(Auth.actor(ctx), form.key(),
                        new TicketDraft(form.title(), form.system(), form.trackerUrl())).key()),
                error -> new Page.Tickets(tickets.list(Auth.actor(ctx)), form, error));
    }

    /** {@code /tickets/{key}}, and its exports at {@code {key}.md}, {@code .jira} and {@code .txt} (a key has no dot). */
    void detail(Context ctx, KnowledgeBase kb) {
        String param = ctx.pathParam("key");
        int dot = param.lastIndexOf('.');
        String format = dot < 0 ? "" : param.substring(dot + 1);
        Ticket ticket = users.tickets(kb).get(Auth.actor(ctx), dot < 0 ? param : param.substring(0, dot));
        List<Page.Export> exports = exports(ticket, links(ctx, kb));
        if (dot < 0) {
            pages.render(ctx, new Page.TicketDetail(ticket, exports));
            return;
        }
        Page.Export export = exports.stream().filter(e -> e.format().equals(format)).findFirst()
                .orElseThrow(() -> WebError.notFound("「." + format + "」の書き出しはありません（.md、.jira、.txt があります）。"));
        ctx.contentType((format.equals("md") ? "text/markdown" : "text/plain") + "; charset=utf-8").result(export.text());
    }

    private static List<Page.Export> exports(Ticket t, TicketExport.Links links) {
        return List.of(
                new Page.Export("md", "Markdown", Urls.ticketMarkdown(t.key()), TicketExport.markdown(t, links)),
                new Page.Export("jira", "Jira", Urls.ticketJira(t.key()), TicketExport.jira(t, links)),
                new Page.Export("txt", "テキスト", Urls.ticketText(t.key()), TicketExport.plainText(t, links)));
    }

    /** Absolute links for exports: from {@code --base-url}, else from the address this request came to. */
    private TicketExport.Links links(Context ctx, KnowledgeBase kb) {
        String base = Urls.base(baseUrl, ctx.scheme(), ctx.host());
        return new TicketExport.Links(
                lessonId -> Urls.absolute(base, Urls.lesson(lessonId)),
                checkId -> Urls.absolute(base, Urls.savedCheck(checkId)),
                caseId -> kb.find(caseId).map(CaseRecord::sources).orElse(List.<Source>of()));
    }

    void status(Context ctx, KnowledgeBase kb) {
        String key = ctx.pathParam("key");
        TicketStatus status = TicketStatus.fromSlug(field(ctx, "status"))
                .orElseThrow(() -> new ValidationException("status", "状態", "対応中（open）か完了（closed）を指定してください。"));
        users.tickets(kb).setStatus(Auth.actor(ctx), key, status);
        ctx.redirect(Urls.ticket(key), HttpStatus.SEE_OTHER);
    }

    void detach(Context ctx, KnowledgeBase kb) {
        String key = ctx.pathParam("key");
        users.tickets(kb).detach(Auth.actor(ctx), key, field(ctx, "lessonId"));
        ctx.redirect(Urls.ticket(key), HttpStatus.SEE_OTHER);
    }

    /**
     * {@code /attach?lesson=…&case=…}: the attach form for the lessons named and every lesson of the cases
     * named (search results send their ticked cases), all ticked.
     */
    void attachForm(Context ctx, KnowledgeBase kb) {
        Set<String> ids = new LinkedHashSet<>(ctx.queryParams("lesson"));
        for (String caseId : ctx.queryParams("case")) {
            CaseRecord c = kb.find(caseId).orElseThrow(() -> WebError.notFound("事例「" + caseId + "」は事例集にありません。"));
            c.lessons().forEach(l -> ids.add(l.id()));
        }
        if (ids.isEmpty()) {
            throw WebError.badRequest("添付する教訓か事例を選んでください。");
        }
        List<Page.LessonChoice> lessons = ids.stream().map(id -> new Page.LessonChoice(lesson(kb, id), true, "")).toList();
        pages.render(ctx, new Page.Attach(lessons, ticketChoice(ctx, users.tickets(kb)), null, "", null));
    }

    /**
     * Attaches every ticked lesson ({@code lesson}, with its note in {@code note.<lesson id>}) to {@code ticket}
     * in one transaction, remembers the ticket, then goes to {@code next} (the page the form was on) or the
     * ticket. A refusal shows the attach form on its own with the choices and notes kept.
     */
    void attach(Context ctx, KnowledgeBase kb) {
        String key = field(ctx, "ticket");
        List<String> ids = ctx.formParams("lesson").stream().map(String::strip).distinct().toList();
        List<LessonNote> chosen = ids.stream().map(id -> new LessonNote(id, note(ctx, id))).toList();
        String next = field(ctx, "next");
        Long checkId = field(ctx, "check").isEmpty() ? null : CurriculumPages.id(field(ctx, "check"), "保存された変更前チェック");
        TicketService tickets = users.tickets(kb);
        pages.submit(ctx, () -> {
            if (key.isEmpty()) {
                throw new ValidationException("ticket", "チケット", "添付先のチケットを選んでください。");
            }
            Ticket t = tickets.attachAll(Auth.actor(ctx), key, chosen, checkId);
            HtmlPages.remember(ctx, TICKET_COOKIE, t.key());
            return next.isEmpty() ? Urls.ticket(t.key()) : Urls.local(next);
        }, error -> {
            List<Page.LessonChoice> lessons = new ArrayList<>();
            for (String id : ids) {
                if (kb.lesson(id).isPresent()) {
                    lessons.add(new Page.LessonChoice(lesson(kb, id), true, note(ctx, id)));
                }
            }
            return new Page.Attach(lessons, new Page.TicketChoice(openTickets(tickets, ctx), key), checkId, next, error);
        });
    }

    private static String note(Context ctx, String lessonId) {
        String note = ctx.formParam("note." + lessonId);
        return note == null ? "" : note;
    }

    /** The open tickets for a reviewer, with the one chosen last preselected; null for anyone else. */
    static Page.TicketChoice ticketChoice(Context ctx, TicketService tickets) {
        if (!Auth.viewer(ctx).reviewer()) {
            return null;
        }
        String last = ctx.cookie(TICKET_COOKIE);
        return new Page.TicketChoice(openTickets(tickets, ctx), last == null ? "" : last);
    }


    static List<Ticket> openTickets(TicketService tickets, Context ctx) {
        return tickets.list(Auth.actor(ctx)).stream().filter(t -> t.status() == TicketStatus.OPEN).toList();
    }

    private static Page.LessonView lesson(KnowledgeBase kb, String lessonId) {
        Lesson lesson = lessonId == null ? null : kb.lesson(lessonId).orElse(null);
        if (lesson == null) {
            throw WebError.notFound("教訓「" + lessonId + "」は事例集にありません。");
        }
        CaseRecord c = kb.find(lesson.caseId()).orElseThrow();
        return new Page.LessonView(lesson, c.title());
    }

    /** A form field, stripped; empty when absent. */
    static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }
}
