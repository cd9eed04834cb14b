package kb.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import kb.users.UsersException.TooManyAttemptsException;
import kb.users.UsersException.UnauthorizedException;
import kb.users.accounts.Session;

/** Signing in and out. */
record AccountPages(HtmlPages pages, UsersServices users) {
    private static final int MAX_NAME_FIELD = 100;

    void loginForm(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        pages.render(ctx, new Page.Login("", Urls.local(ctx.queryParam("next")), Auth.loginToken(ctx), null));
    }

    /**
     * A wrong name or password is 401 with the form again; after repeated failures for the account or from the
     * client's address, 429 with {@code Retry-After} (and no password checked) until the lock ends.
     */
    void login(Context ctx) {
        Auth.checkLoginToken(ctx);
        ctx.header("Cache-Control", "no-store");
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        String password = ctx.formParam("password");
        String next = Urls.local(ctx.formParam("next"));
        String shown = name.length() > MAX_NAME_FIELD ? name.substring(0, MAX_NAME_FIELD) : name;
        Session session;
        try {
            session = users.signIn().login(name, password == null ? null : password.toCharArray(), ctx.ip());
        } catch (UnauthorizedException e) {
            ctx.status(HttpStatus.UNAUTHORIZED);
            pages.render(ctx, new Page.Login(shown, next, Auth.loginToken(ctx), "ユーザー名またはパスワードが違います。"));
            return;
        } catch (TooManyAttemptsException e) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(e.retryAfterSeconds()));
            pages.render(ctx, new Page.Login(shown, next, Auth.loginToken(ctx), tooManyAttempts(e)));
            return;
        }
        Auth.setSession(ctx, session);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    static String tooManyAttempts(TooManyAttemptsException e) {
        long seconds = e.retryAfterSeconds();
        String wait = seconds < 60 ? seconds + " 秒" : (seconds + 59) / 60 + " 分";
        return "ログインの失敗が続いたため、このアカウントまたは接続元からのログインを一時的に止めています。"
                + wait + "後に再度お試しください。";
    }

    void logout(Context ctx) {
        users.signIn().logout(ctx.cookie(Auth.COOKIE));
        Auth.clearSession(ctx);
        ctx.redirect(Urls.home(), HttpStatus.SEE_OTHER);
    }
}
