package kb.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import kb.store.KnowledgeBase;
import kb.users.Listing;
import kb.users.UsersException.ValidationException;
import kb.users.check.CheckMatch;
import kb.users.curricula.Curriculum;
import kb.users.curricula.CurriculumDraft;
import kb.users.tickets.LessonNote;
import kb.users.tickets.Ticket;
import kb.users.tickets.TicketDraft;

/**
 * The JSON API of the users' workflows: the pre-change check, tickets, curricula. Writes authenticate with
 * {@code Authorization: Bearer <token>} (or the session cookie plus {@code X-CSRF-Token}); see docs/api.md.
 */
final class UsersApi {
    record CheckRequest(String text, Integer limit) {}

    record CheckAnswer(int total, List<CheckMatch> matches) {}

    record TicketRequest(String key, String title, String system, String trackerUrl) {}

    /**
     * One lesson ({@code lessonId}, {@code note}) or several ({@code lessons}), attached all or none;
     * {@code checkId}: the saved pre-change check they were chosen from, if any.
     */
    record AttachRequest(String lessonId, String note, List<LessonNote> lessons, Long checkId) {}

    /** {@code GET /api/tickets} and {@code /api/curricula}: one page, and how many there are in all. */
    record TicketsAnswer(long total, int page, int limit, List<Ticket> tickets) {}

    record CurriculaAnswer(long total, int page, int limit, List<Curriculum> curricula) {}

    private final UsersServices users;

    UsersApi(UsersServices users) { this.users = users; }

    void check(Context ctx, KnowledgeBase kb) {
        CheckRequest request = JsonBodies.read(ctx, CheckRequest.class);
        List<CheckMatch> matches = users.check(kb).check(Auth.actor(ctx), request.text(),
                request.limit() == null ? TicketPages.CHECK_LIMIT : request.limit());
        ctx.json(new CheckAnswer(matches.size(), matches));
    }

    void tickets(Context ctx, KnowledgeBase kb) {
        int page = ListParams.page(ctx);
        int limit = ListParams.limit(ctx);
        Listing<Ticket> listing = users.tickets(kb).list(Auth.actor(ctx), ListParams.offset(page, limit), limit);
        ctx.json(new TicketsAnswer(listing.total(), page, limit, listing.items()));
    }

    void createTicket(Context ctx, KnowledgeBase kb) {
        TicketRequest r = JsonBodies.read(ctx, TicketRequest.class);
        ctx.status(HttpStatus.CREATED).json(users.tickets(kb).create(Auth.actor(ctx), r.key(),
                new TicketDraft(r.title(), r.system(), r.trackerUrl())));
    }

    void ticket(Context ctx, KnowledgeBase kb) {
        ctx.json(users.tickets(kb).get(Auth.actor(ctx), ctx.pathParam("key")));
    }

    void attach(Context ctx, KnowledgeBase kb) {
        AttachRequest r = JsonBodies.read(ctx, AttachRequest.class);
        if (r.lessons() != null && r.lessonId() != null) {
            throw new ValidationException("lessons", "教訓", "lessonId と lessons のどちらか一方で指定してください "
                    + "(give either lessonId or lessons).");
        }
        List<LessonNote> lessons = r.lessons() != null ? r.lessons() : List.of(new LessonNote(r.lessonId(), r.note()));
        ctx.status(HttpStatus.CREATED).json(users.tickets(kb).attachAll(Auth.actor(ctx), ctx.pathParam("key"), lessons, r.checkId()));
    }

    void detach(Context ctx, KnowledgeBase kb) {
        ctx.json(users.tickets(kb).detach(Auth.actor(ctx), ctx.pathParam("key"), ctx.pathParam("lessonId")));
    }

    void curricula(Context ctx, KnowledgeBase kb) {
        int page = ListParams.page(ctx);
        int limit = ListParams.limit(ctx);
        Listing<Curriculum> listing = users.curricula(kb).list(Auth.actor(ctx), ListParams.offset(page, limit), limit);
        ctx.json(new CurriculaAnswer(listing.total(), page, limit, listing.items()));
    }


    void createCurriculum(Context ctx, KnowledgeBase kb) {
        Curriculum created = users.curricula(kb).create(Auth.actor(ctx), JsonBodies.read(ctx, CurriculumDraft.class));
        ctx.status(HttpStatus.CREATED).header("Location", "/api/curricula/" + created.id()).json(created);
    }

    void curriculum(Context ctx, KnowledgeBase kb) {
        ctx.json(users.curricula(kb).get(Auth.actor(ctx), id(ctx)));
    }

    void replaceCurriculum(Context ctx, KnowledgeBase kb) {
        long id = id(ctx);
        ctx.json(users.curricula(kb).replace(Auth.actor(ctx), id, JsonBodies.read(ctx, CurriculumDraft.class)));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw WebError.notFound("カリキュラム「" + ctx.pathParam("id") + "」はありません。");
        }
    }
}
