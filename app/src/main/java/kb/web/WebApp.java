package kb.web;

import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import kb.store.Json;
import kb.store.KnowledgeBase;
import kb.users.StorageException;
import kb.users.UsersDatabase;
import kb.users.UsersException;
import kb.users.UsersException.ForbiddenException;
import kb.users.UsersException.NotFoundException;
import kb.users.UsersException.TooManyAttemptsException;
import kb.users.UsersException.UnauthorizedException;
import kb.users.UsersException.ValidationException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The casebook web app: pages, JSON API, assets, security headers and error pages, on one live knowledge base. */
public final class WebApp {
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

    /**
     * Sent with every response. The CSP allows no inline scripts or styles: the pages use none, and this keeps
     * it so; the app is never framed, and sends no referrer to the sources it links to.
     */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                    + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "X-Frame-Options", "DENY");

    /**
     * @param assetsDir   where CSS and icons are read from: null for the copies on the classpath, a directory
     *                    (the sources, in development) to see edits without a rebuild
     * @param users       the accounts, tickets and curricula ({@code index/users.db})
     * @param baseUrl     the casebook's address as its users reach it ({@code https://kb.example.jp}), for the
     *                    absolute links of exports; null for the address each request came to
     * @param clock       the time sessions, tokens and sign-in locks are measured by
     * @param limits      what slow or greedy clients may hold
     * @param behindProxy whether a reverse proxy forwards the requests: the client's address and scheme are then
     *                    read from its {@code X-Forwarded-For} / {@code Forwarded} headers (never trust them otherwise)
     */
    public record Options(LiveKnowledgeBase kb, Templates templates, Path assetsDir, UsersDatabase users, String baseUrl,
                          Clock clock, ServerLimits limits, boolean behindProxy) {
        public Options(LiveKnowledgeBase kb, Templates templates, Path assetsDir, UsersDatabase users, String baseUrl) {
            this(kb, templates, assetsDir, users, baseUrl, Clock.systemUTC(), ServerLimits.DEFAULT, false);
        }
    }

    private static final int REQUEST_HEADER_BYTES = 64 * 1024;
    private static final int RESPONSE_HEADER_BYTES = 16 * 1024;

    /** A handler that reads the knowledge base: it gets the generation leased for its request. */
    @FunctionalInterface
    interface KbHandler {
        void handle(Context ctx, KnowledgeBase kb) throws Exception;
    }

    private WebApp() {}

    /** The app, not started: {@code create(options).start(host, port)}. */
    public static Javalin create(Options options) {
        UsersServices users = UsersServices.over(options.users(), options.clock());
        HtmlPages pages = new HtmlPages(options.templates(), users);
        Auth auth = new Auth(users);
        AccountPages accounts = new AccountPages(pages, users);
        AdminPages admin = new AdminPages(pages, users);
        TicketPages tickets = new TicketPages(pages, users, options.baseUrl());
        SearchExport searchExport = new SearchExport(options.baseUrl());
        CurriculumPages curricula = new CurriculumPages(pages, users);
        UsersApi api = new UsersApi(users);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Times as ISO-8601 text ("2026-04-01T09:00:00Z"), as users.db stores them.
            config.jsonMapper(new JavalinJackson(Json.MAPPER.copy()
                    .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance)), false));
            // A handler blocked reading a slow client's body then holds a virtual thread, not one of a few hundred.
            config.concurrency.useVirtualThreads = true;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrorPage());
                options.limits().applyTo(server);
            });
            config.jetty.modifyHttpConfiguration(http -> {
                // A query of a few thousand Japanese characters is ~9 bytes a character once percent-encoded.
                http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
                http.setResponseHeaderSize(RESPONSE_HEADER_BYTES);
                if (options.behindProxy()) {
                    http.addCustomizer(new ForwardedRequestCustomizer());
                }
            });
            config.staticFiles.add(assets -> {
                assets.hostedPath = "/assets";
                assets.directory = options.assetsDir() == null ? "/web" : options.assetsDir().toString();
                assets.location = options.assetsDir() == null ? Location.CLASSPATH : Location.EXTERNAL;
            });
            RoutesConfig routes = config.routes;
            routes.before(ctx -> SECURITY_HEADERS.forEach(ctx::header));
            routes.before(auth::identify);

            Leasing kb = new Leasing(options.kb());
            routes.get("/", kb.with(pages::home));
            routes.get("/search", kb.with(pages::search));
            routes.get("/search.csv", kb.with(searchExport::csv));
            routes.get("/search.json", kb.with(searchExport::json));
            routes.get("/cases/{id}", kb.with(pages::caseDetail));
            routes.get("/triggers/{slug}", kb.with(pages::trigger));
            routes.get("/lessons", kb.with(pages::lessons));
            routes.get("/themes/{theme}", kb.with(pages::theme));
            routes.get("/stats", kb.with(pages::stats));

            routes.get("/login", accounts::loginForm);
            routes.post("/login", accounts::login);
            routes.post("/logout", accounts::logout);
            routes.get("/admin/audit", admin::audit);
            routes.get("/admin/users", admin::accounts);
            routes.post("/admin/users", admin::add);
            routes.post("/admin/users/{name}/{action}", admin::change);
            routes.post("/admin/tokens/{id}/revoke", admin::revokeToken);
            routes.get("/check", tickets::checkForm);
            routes.post("/check", kb.with(tickets::check));
            routes.get("/checks/{id}", kb.with(tickets::savedCheck));
            routes.get("/tickets", kb.with(tickets::list));
            routes.post("/tickets", kb.with(tickets::create));
            routes.get("/tickets/{key}", kb.with(tickets::detail)); // also {key}.md, {key}.jira and {key}.txt
            routes.post("/tickets/{key}/status", kb.with(tickets::status));
            routes.post("/tickets/{key}/detach", kb.with(tickets::detach));
            routes.get("/attach", kb.with(tickets::attachForm));
            routes.post("/attach", kb.with(tickets::attach));
            routes.get("/curricula", kb.with(curricula::list));
            routes.post("/curricula", kb.with(curricula::create));
            routes.get("/curricula/add", kb.with(curricula::addForm));
            routes.post("/curricula/add", kb.with(curricula::add));
            routes.get("/curricula/{id}", kb.with(curricula::detail)); // also {id}.md
            routes.post("/curricula/{id}", kb.with(curricula::edit));
            routes.get("/curricula/{id}/handout", kb.with(curricula::handout));

            routes.get("/api/search", kb.with(JsonApi::search));
            routes.get("/api/suggest", kb.with(JsonApi::suggest));
            routes.get("/api/cases/{id}", kb.with(JsonApi::caseById));
            routes.get("/api/cases/{id}/related", kb.with(JsonApi::related));
            routes.get("/api/themes", kb.with(JsonApi::themes));
            routes.get("/api/lessons", kb.with(JsonApi::lessons));
            routes.get("/health", kb.with((ctx, k) -> JsonApi.health(ctx, k, options.users())));
            routes.post("/api/check", kb.with(api::check));
            routes.get("/api/tickets", kb.with(api::tickets));
            routes.post("/api/tickets", kb.with(api::createTicket));
            routes.get("/api/tickets/{key}", kb.with(api::ticket));
            routes.post("/api/tickets/{key}/lessons", kb.with(api::attach));
            routes.delete("/api/tickets/{key}/lessons/{lessonId}", kb.with(api::detach));
            routes.get("/api/curricula", kb.with(api::curricula));
            routes.post("/api/curricula", kb.with(api::createCurriculum));
            routes.get("/api/curricula/{id}", kb.with(api::curriculum));
            routes.put("/api/curricula/{id}", kb.with(api::replaceCurriculum));

            routes.exception(WebError.class, (e, ctx) -> error(pages, ctx, e.status(), e.getMessage(), e.field()));
            routes.exception(UsersException.class, (e, ctx) -> refused(pages, ctx, e));
            routes.exception(HttpResponseException.class, (e, ctx) -> error(pages, ctx, e.getStatus(), null));
            routes.exception(StorageException.class, (e, ctx) -> {
                LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", "60");
                error(pages, ctx, 503, storageMessage(e));
            });
            routes.exception(Exception.class, (e, ctx) -> failed(pages, ctx, e));
            routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    error(pages, ctx, 404, null);
                }
            });
        });
    }

    /**
     * A refusal of the users' services. A page read without the sign-in it needs goes to the login form and
     * back; a page write without it (the session expired) gets a 401 page with a link to sign in again.
     */
    private static void refused(HtmlPages pages, Context ctx, UsersException e) {
        int status = switch (e) {
            case ValidationException v -> 400;
            case UnauthorizedException u -> 401;
            case ForbiddenException f -> 403;
            case NotFoundException n -> 404;
            case TooManyAttemptsException t -> {
                ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
                yield 429;
            }
        };
        if (status == 401 && !api(ctx) && ctx.method().equals(HandlerType.GET)) {
            String query = ctx.queryString();
            ctx.redirect(Urls.login(ctx.path() + (query == null ? "" : "?" + query)), HttpStatus.SEE_OTHER);
            return;
        }
        if (status == 401 && api(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        error(pages, ctx, status, e.getMessage(), e instanceof ValidationException v ? v.field() : null);
    }

    private static boolean api(Context ctx) {
        return ctx.path().startsWith("/api/") || ctx.path().equals("/health");
    }

    private static void error(HtmlPages pages, Context ctx, int status, String message) {
        error(pages, ctx, status, message, null);
    }

    /**
     * JSON under /api/ and at /health, a Japanese page elsewhere; the message never carries internals. {@code field}:
     * the refused field's path in the request, for API clients (null when none).
     */
    private static void error(HtmlPages pages, Context ctx, int status, String message, String field) {
        ctx.status(status);
        boolean api = api(ctx);
        String text = message != null ? message : switch (status) {
            case 400 -> "リクエストの形式が正しくありません。";
            case 404 -> "お探しのページは見つかりません。";
            case 405 -> "このアドレスはこのメソッド（" + ctx.method() + "）に対応していません。";
            case 408 -> "リクエストの受信が時間内に終わりませんでした。";
            case 413 -> "リクエストの本文が大きすぎます。";
            case 414 -> "アドレスが長すぎます。";
            case 431 -> "リクエストのヘッダーが大きすぎます。";
            case 503 -> "サーバーが一時的に応答できません。時間をおいて再度お試しください。";
            default -> status >= 500 ? "サーバーで問題が発生しました。時間をおいて再度お試しください。"
                    : "リクエストを処理できませんでした。";
        };
        if (api) {
            ctx.json(new JsonApi.ErrorAnswer(text, field));
            return;
        }
        String heading = switch (status) {
            case 400, 405, 413, 414, 431 -> "リクエストが正しくありません";
            case 401 -> "ログインが必要です";
            case 403 -> "この操作は許可されていません";
            case 404 -> "ページが見つかりません";
            case 429 -> "しばらくお待ちください";
            case 503 -> "一時的に利用できません";
            default -> "エラーが発生しました";
        };
        pages.render(ctx, new Page.Failure(status, heading, text, status == 401 ? Urls.login(returnTo(ctx)) : null));
    }

    /**
     * An exception no handler expected. A request Jetty could not read (a malformed chunked body, a bad header) is
     * the client's mistake: 400, or Jetty's own status. A client that went away (or was closed for its deadline)
     * gets no answer and no stack trace in the log. Anything else is ours: 500, logged with its stack.
     */
    private static void failed(HtmlPages pages, Context ctx, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException bad) {
                LOG.info("{} {}: bad request: {}", ctx.method(), ctx.path(), t.getMessage());
                error(pages, ctx, bad.getCode() >= 400 && bad.getCode() < 500 ? bad.getCode() : 400, null);
                return;
            }
            if (t instanceof EofException || t instanceof ClosedChannelException || t instanceof TimeoutException) {
                LOG.info("{} {}: the client's connection ended: {}", ctx.method(), ctx.path(), t.toString());
                return;
            }
        }
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(pages, ctx, 500, null);
    }

    /** What to tell a user whose write found users.db unwritable, and the operator what to look at. */
    static String storageMessage(StorageException e) {
        return switch (e.kind()) {
            case FULL -> "ディスクの空き容量が不足しているため保存できませんでした。入力は保存されていません。管理者に連絡してください。";
            case BUSY -> "他の書き込みが続いているため保存できませんでした。入力は保存されていません。少し待ってから再度お試しください。";
            default -> "データベースに書き込めないため保存できませんでした。入力は保存されていません。管理者に連絡してください。";
        };
    }

    /** Where to come back after signing in from a refused write: the page the form was on, when it was ours. */
    private static String returnTo(Context ctx) {
        String referer = ctx.header("Referer");
        String origin = ctx.scheme() + "://" + ctx.host();
        return referer != null && referer.startsWith(origin + "/") ? Urls.local(referer.substring(origin.length())) : null;
    }

    /** Runs each handler on a lease of the live generation, released when the handler is done. */
    private record Leasing(LiveKnowledgeBase live) {
        Handler with(KbHandler handler) {
            return ctx -> {
                try (LiveKnowledgeBase.Lease lease = live.lease()) {
                    handler.handle(ctx, lease.kb());
                    // Every page has a search box. Started after the answer: building the suggester takes a core
                    // for seconds at 100,000 cases, and the first answer after a start should not wait for it.
                    lease.kb().searcher().prepareSuggestions();
                }
            };
        }
    }
}
