package kb.web;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import kb.store.IndexDirectory;
import kb.users.Role;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.accounts.AccountService;

/** The app started on a free loopback port over a knowledge base, with an HTTP client for it. */
final class TestServer implements AutoCloseable {
    private final LiveKnowledgeBase live;
    private final Javalin app;
    final UsersDatabase users;
    private final HttpClient client = HttpClient.newHttpClient();

    TestServer(IndexDirectory dir) throws IOException {
        this(dir, null);
    }

    /** {@code baseUrl}: as {@code tools/kb serve --base-url} gives it; null for none. */
    TestServer(IndexDirectory dir, String baseUrl) throws IOException {
        this(dir, baseUrl, Clock.systemUTC(), ServerLimits.DEFAULT, false);
    }

    TestServer(IndexDirectory dir, Clock clock, ServerLimits limits) throws IOException {
        this(dir, null, clock, limits, false);
    }

    /** {@code behindProxy}: trust X-Forwarded-For and X-Forwarded-Proto, as behind a reverse proxy. */
    TestServer(IndexDirectory dir, Clock clock, ServerLimits limits, boolean behindProxy) throws IOException {
        this(dir, null, clock, limits, behindProxy);
    }

    private TestServer(IndexDirectory dir, String baseUrl, Clock clock, ServerLimits limits, boolean behindProxy) throws IOException {
        live = LiveKnowledgeBase.open(dir);
        users = UsersDatabase.open(dir.usersDatabase());
        app = WebApp.create(new WebApp.Options(live, Templates.precompiled(), null, users, baseUrl, clock, limits, behindProxy))
                .start("127.0.0.1", 0);
    }

    /** Adds an account of {@code role} (its password is {@link #PASSWORD}) and answers an API token for it. */
    String tokenFor(String name, Role role) {
        AccountService accounts = new AccountService(users, Clock.systemUTC());
        accounts.addUser(User.OPERATOR, name, role, PASSWORD.toCharArray());
        return accounts.createApiToken(User.OPERATOR, name, null);
    }

    static final String PASSWORD = "correct horse battery";

    int port() { return app.port(); }

    Javalin app() { return app; }

    String url(String pathAndQuery) { return "http://127.0.0.1:" + app.port() + pathAndQuery; }

    /** GET of a raw path and query, sent as written (so tests can send malformed ones). */
    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        app.stop();
        try {
            live.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        users.close();
    }
}
