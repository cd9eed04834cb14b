package kb.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import kb.users.User;
import kb.users.UsersException.UnauthorizedException;
import kb.users.accounts.SignInService;
import kb.users.accounts.Session;

/**
 * Who makes each request: an API token ({@code Authorization: Bearer}), else the session cookie, else
 * nobody. Runs before every handler: it also checks the CSRF token of every write made with the session
 * cookie (a form field for pages, a header for the API) and, when login is required for reading, turns
 * anonymous visitors away.
 */
final class Auth {
    static final String COOKIE = "kb_session";
    static final String LOGIN_COOKIE = "kb_login";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String VIEWER = "kb.viewer";
    private static final String BEARER = "Bearer ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UsersServices users;

    Auth(UsersServices users) { this.users = users; }

    void identify(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.startsWith(BEARER)) {
                throw new UnauthorizedException("Authorization ヘッダーは「Bearer <API トークン>」の形で送ってください。");
            }
            User user = users.signIn().userForApiToken(authorization.substring(BEARER.length()).strip())
                    .orElseThrow(() -> new UnauthorizedException("API トークンが無効です（存在しない・期限切れ・失効済みのいずれか）。"));
            // No CSRF check: a browser never adds this header to a forged request.
            ctx.attribute(VIEWER, new Viewer(user, null, null));
        } else {
            Optional<Session> session = users.signIn().session(ctx.cookie(COOKIE));
            session.ifPresent(s -> {
                // The login form has its own token (checkLoginToken): signing in as someone else needs no session token.
                boolean write = !ctx.method().equals(HandlerType.GET) && !ctx.method().equals(HandlerType.HEAD);
                if (write && !ctx.path().equals(Urls.login(null))) {
                    checkCsrf(ctx, s);
                }
                ctx.attribute(VIEWER, new Viewer(s.user(), s.csrfToken(), null));
            });
        }
        if (actor(ctx) != null) {
            // What a signed-in user sees is theirs: no shared cache or browser history may keep it.
            ctx.header("Cache-Control", "no-store");
        }
        if (actor(ctx) == null && !open(ctx.path())) {
            users.access().requireRead(null);
        }
    }

    private static void checkCsrf(Context ctx, Session s) {
        String presented = ctx.path().startsWith("/api/") ? ctx.header(CSRF_HEADER) : ctx.formParam(CSRF_FIELD);
        if (!s.csrfMatches(presented)) {
            throw WebError.forbidden(ctx.path().startsWith("/api/")
                    ? "CSRF トークンがありません（ヘッダー " + CSRF_HEADER + "）。"
                    : "フォームの有効期限が切れたか、別の画面から送信されました。ページを開き直してもう一度お試しください。");
        }
    }

    /** What anyone may reach even when login is required for reading: the way in, and the stylesheet it uses. */
    private static boolean open(String path) {
        return path.equals(Urls.login(null)) || path.startsWith("/assets/") || path.equals("/health");
    }

    static Viewer viewer(Context ctx) {
        Viewer v = ctx.attribute(VIEWER);
        if (v != null) {
            return v;
        }
        String query = ctx.queryString();
        return new Viewer(null, null, ctx.method().equals(HandlerType.GET) ? ctx.path() + (query == null ? "" : "?" + query) : null);
    }

    static User actor(Context ctx) { return viewer(ctx).user(); }

    /**
     * The login form's CSRF token. There is no session yet, so it is a double submit: the same random value
     * in a cookie and in the form, which another site can neither read nor set — so no other site can sign
     * a browser in to an account of its choosing.
     */
    static String loginToken(Context ctx) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.cookie(cookie(ctx, LOGIN_COOKIE, token, -1));
        return token;
    }

    static void checkLoginToken(Context ctx) {
        String cookie = ctx.cookie(LOGIN_COOKIE);
        String field = ctx.formParam(CSRF_FIELD);
        if (cookie == null || field == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                field.getBytes(StandardCharsets.UTF_8))) {
            throw WebError.forbidden("ログインフォームの有効期限が切れたか、別の画面から送信されました。ログイン画面を開き直してください。");
        }
    }

    /** The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure on https. */
    static void setSession(Context ctx, Session s) {
        ctx.cookie(cookie(ctx, COOKIE, s.token(), (int) SignInService.SESSION_LIFETIME.toSeconds()));
    }

    static void clearSession(Context ctx) {
        ctx.cookie(cookie(ctx, COOKIE, "", 0));
    }

    /** {@code maxAge} -1: until the browser closes; 0: removed now. */
    private static Cookie cookie(Context ctx, String name, String value, int maxAge) {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath("/");
        cookie.setMaxAge(maxAge);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setSecure(ctx.scheme().equals("https"));
        return cookie;
    }
}
