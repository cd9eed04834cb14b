package kb.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.nio.file.Path;
import java.util.Map;
import kb.store.Json;
import kb.store.KnowledgeBase;
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
     * @param assetsDir where CSS and icons are read from: null for the copies on the classpath, a directory
     *                  (the sources, in development) to see edits without a rebuild
     */
    public record Options(LiveKnowledgeBase kb, Templates templates, Path assetsDir) {}

    private static final int REQUEST_HEADER_BYTES = 64 * 1024;

    /** A handler that reads the knowledge base: it gets the generation leased for its request. */
    @FunctionalInterface
    interface KbHandler {
        void handle(Context ctx, KnowledgeBase kb) throws Exception;
    }

    private WebApp() {}

    /** The app, not started: {@code create(options).start(host, port)}. */
    public static Javalin create(Options options) {
        HtmlPages pages = new HtmlPages(options.templates());
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorPage()));
            // A query of a few thousand Japanese characters is ~9 bytes a character once percent-encoded.
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(REQUEST_HEADER_BYTES));
            config.staticFiles.add(assets -> {
                assets.hostedPath = "/assets";
                assets.directory = options.assetsDir() == null ? "/web" : options.assetsDir().toString();
                assets.location = options.assetsDir() == null ? Location.CLASSPATH : Location.EXTERNAL;
            });
            RoutesConfig routes = config.routes;
            routes.before(ctx -> SECURITY_HEADERS.forEach(ctx::header));

            Leasing kb = new Leasing(options.kb());
            routes.get("/", kb.with(pages::home));
            routes.get("/search", kb.with(pages::search));
            routes.get("/cases/{id}", kb.with(pages::caseDetail));
            routes.get("/triggers/{slug}", kb.with(pages::trigger));
            routes.get("/lessons", kb.with(pages::lessons));
            routes.get("/themes/{theme}", kb.with(pages::theme));
            routes.get("/stats", kb.with(pages::stats));

            routes.get("/api/search", kb.with(JsonApi::search));
            routes.get("/api/cases/{id}", kb.with(JsonApi::caseById));
            routes.get("/api/cases/{id}/related", kb.with(JsonApi::related));
            routes.get("/api/themes", kb.with(JsonApi::themes));
            routes.get("/api/lessons", kb.with(JsonApi::lessons));
            routes.get("/health", kb.with(JsonApi::health));

            routes.exception(WebError.class, (e, ctx) -> error(pages, ctx, e.status(), e.getMessage()));
            routes.exception(HttpResponseException.class, (e, ctx) -> error(pages, ctx, e.getStatus(), null));
            routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(pages, ctx, 500, null);
            });
            routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    error(pages, ctx, 404, null);
                }
            });
        });
    }

    /** JSON under /api/ and at /health, a Japanese page elsewhere; the message never carries internals. */
    private static void error(HtmlPages pages, Context ctx, int status, String message) {
        ctx.status(status);
        boolean api = ctx.path().startsWith("/api/") || ctx.path().equals("/health");
        String text = message != null ? message : switch (status) {
            case 400 -> "リクエストの形式が正しくありません。";
            case 404 -> "お探しのページは見つかりません。";
            default -> "サーバーで問題が発生しました。時間をおいて再度お試しください。";
        };
        if (api) {
            ctx.json(new JsonApi.ErrorAnswer(text));
            return;
        }
        String heading = switch (status) {
            case 400 -> "リクエストが正しくありません";
            case 404 -> "ページが見つかりません";
            default -> "エラーが発生しました";
        };
        pages.render(ctx, new Page.Failure(status, heading, text));
    }

    /** Runs each handler on a lease of the live generation, released when the handler is done. */
    private record Leasing(LiveKnowledgeBase live) {
        Handler with(KbHandler handler) {
            return ctx -> {
                try (LiveKnowledgeBase.Lease lease = live.acquire()) {
                    handler.handle(ctx, lease.kb());
                }
            };
        }
    }
}
