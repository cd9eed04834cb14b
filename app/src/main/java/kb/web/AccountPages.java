package kb.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import kb.users.AuditLog;
import kb.users.UsersException.UnauthorizedException;
import kb.users.accounts.Session;

/** Signing in and out, and the audit log for admins. */
record AccountPages(HtmlPages pages, UsersServices users) {
    private static final int AUDIT_PAGE = 50;
    private static final int MAX_NAME_FIELD = 100;

    void loginForm(Context ctx) {
        pages.render(ctx, new Page.Login("", Urls.local(ctx.queryParam("next")), Auth.loginToken(ctx), null));
    }

    void login(Context ctx) {
        Auth.checkLoginToken(ctx);
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        String password = ctx.formParam("password");
        String next = Urls.local(ctx.formParam("next"));
        Session session;
        try {
            session = users.accounts().login(name, password == null ? null : password.toCharArray());
        } catch (UnauthorizedException e) {
            ctx.status(HttpStatus.UNAUTHORIZED);
            String shown = name.length() > MAX_NAME_FIELD ? name.substring(0, MAX_NAME_FIELD) : name;
            pages.render(ctx, new Page.Login(shown, next, Auth.loginToken(ctx), "ユーザー名またはパスワードが違います。"));
            return;
        }
        Auth.setSession(ctx, session);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    void logout(Context ctx) {
        users.accounts().logout(ctx.cookie(Auth.COOKIE));
        Auth.clearSession(ctx);
        ctx.redirect(Urls.home(), HttpStatus.SEE_OTHER);
    }

    void audit(Context ctx) {
        String pageParam = SearchParams.param(ctx, "page");
        int page = pageParam == null ? 1 : SearchParams.number(pageParam, "page", 1, Integer.MAX_VALUE / AUDIT_PAGE);
        // One entry more than shown tells whether there is a next page.
        List<AuditLog.Entry> entries = users.audit().list(Auth.actor(ctx), (page - 1) * AUDIT_PAGE, AUDIT_PAGE + 1);
        boolean more = entries.size() > AUDIT_PAGE;
        pages.render(ctx, new Page.Audit(entries.subList(0, Math.min(AUDIT_PAGE, entries.size())),
                new Page.Pagination(page, more ? page + 1 : page, page > 1 ? Urls.audit(page - 1) : null,
                        more ? Urls.audit(page + 1) : null)));
    }
}
