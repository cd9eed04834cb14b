package kb.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.store.KnowledgeBase;
import kb.users.UsersException.ValidationException;
import kb.users.check.CheckMatch;
import kb.users.check.CheckService;
import kb.users.tickets.Ticket;
import kb.users.tickets.TicketDraft;
import kb.users.tickets.TicketExport;
import kb.users.tickets.TicketService;
import kb.users.tickets.TicketStatus;

/**
 * The pre-change check and the change tickets: list and create, details and exports, status, attaching
 * and detaching lessons. A refused form comes back with the message and what the user typed (400).
 */
record TicketPages(HtmlPages pages, UsersServices users) {
    static final int CHECK_LIMIT = 10;

    void checkForm(Context ctx) {
        pages.render(ctx, new Page.Check("", CHECK_LIMIT, null, null));
    }

    /** A POST because the text may be 20,000 characters, too long for a URL; it changes nothing. */
    void check(Context ctx, KnowledgeBase kb) {
        String text = ctx.formParam("text") == null ? "" : ctx.formParam("text");
        String limitParam = ctx.formParam("limit");
        int limit = limitParam == null || limitParam.isBlank() ? CHECK_LIMIT
                : SearchParams.number(limitParam.strip(), "limit", 1, CheckService.MAX_LIMIT);
        try {
            List<CheckMatch> matches = users.check(kb).check(Auth.actor(ctx), text, limit);
            pages.render(ctx, new Page.Check(text, limit, matches, null));
        } catch (ValidationException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            pages.render(ctx, new Page.Check(text, limit, null, Page.FormError.of(e)));
        }
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

    /** {@code /tickets/{key}}, and its exports at {@code {key}.md} and {@code {key}.txt} (a key has no dot). */
    void detail(Context ctx, KnowledgeBase kb) {
        String key = ctx.pathParam("key");
        TicketService tickets = users.tickets(kb);
        if (key.endsWith(".md")) {
            ctx.contentType("text/markdown; charset=utf-8").result(TicketExport.markdown(
                    tickets.get(Auth.actor(ctx), key.substring(0, key.length() - 3))));
        } else if (key.endsWith(".txt")) {
            ctx.contentType("text/plain; charset=utf-8").result(TicketExport.plainText(
                    tickets.get(Auth.actor(ctx), key.substring(0, key.length() - 4))));
        } else {
            pages.render(ctx, new Page.TicketDetail(tickets.get(Auth.actor(ctx), key)));
        }
    }

    void status(Context ctx, KnowledgeBase kb) {
        String key = ctx.pathParam("key");
        TicketStatus status = TicketStatus.fromSlug(field(ctx, "status"))
                .orElseThrow(() -> new ValidationException("status", "must be open or closed"));
        users.tickets(kb).setStatus(Auth.actor(ctx), key, status);
        ctx.redirect(Urls.ticket(key), HttpStatus.SEE_OTHER);
    }

    void detach(Context ctx, KnowledgeBase kb) {
        String key = ctx.pathParam("key");
        users.tickets(kb).detach(Auth.actor(ctx), key, field(ctx, "lessonId"));
        ctx.redirect(Urls.ticket(key), HttpStatus.SEE_OTHER);
    }

    void attachForm(Context ctx, KnowledgeBase kb) {
        Page.LessonView lesson = lesson(kb, ctx.queryParam("lesson"));
        TicketService tickets = users.tickets(kb);
        pages.render(ctx, new Page.Attach(lesson, openTickets(tickets, ctx), "", "", "", null));
    }

    /**
     * Attaches, then goes back to {@code next} (the case page's lesson, when the form was there) or to the
     * ticket. A refusal shows the attach form on its own with the message and the note kept.
     */
    void attach(Context ctx, KnowledgeBase kb) {
        String key = field(ctx, "ticket");
        String lessonId = field(ctx, "lessonId");
        String note = ctx.formParam("note") == null ? "" : ctx.formParam("note");
        String next = field(ctx, "next");
        TicketService tickets = users.tickets(kb);
        pages.submit(ctx, () -> {
            if (key.isEmpty()) {
                throw new ValidationException("ticket", "choose a ticket");
            }
            tickets.attach(Auth.actor(ctx), key, lessonId, note);
            return next.isEmpty() ? Urls.ticket(key) : Urls.local(next);
        }, error -> {
            if (kb.lesson(lessonId).isEmpty()) {
                throw WebError.badRequest("教訓「" + lessonId + "」は事例集にありません。");
            }
            return new Page.Attach(lesson(kb, lessonId), openTickets(tickets, ctx), key, note, next, error);
        });
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
