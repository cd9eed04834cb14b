package kb.web;

import static kb.web.WorkflowsTest.bearer;
import static kb.web.WorkflowsTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kb.users.AuditLog;
import kb.users.Role;
import kb.users.User;
import kb.users.accounts.AccountService;
import kb.users.accounts.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts over HTTP: sign-in throttling, what admins change on /admin/users taking effect at once, no-store. */
class AccountsWebTest {
    static final String PW = "correct horse battery staple";

    @TempDir
    static Path tmp;
    static MutableClock clock = new MutableClock(Instant.parse("2026-04-01T09:00:00Z"));
    static TestServer server;
    static AccountService accounts;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestCasebook.ingest(tmp), clock, ServerLimits.DEFAULT);
        accounts = new AccountService(server.users, clock);
        accounts.addUser(User.OPERATOR, "admin", Role.ADMIN, PW.toCharArray());
        for (String name : List.of("hana", "ken", "mika", "sora", "taro", "yui")) {
            accounts.addUser(User.OPERATOR, name, Role.REVIEWER, PW.toCharArray());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> login(WebClient c, String name, String password) throws Exception {
        c.get("/login");
        return c.post("/login", "name", name, "password", password);
    }

    private static List<String> audit() {
        return new AuditLog(server.users).list(User.OPERATOR, 0, 200).stream()
                .map(e -> e.action() + " " + e.target() + " " + e.detail()).toList();
    }

    @Test
    void fiveWrongPasswordsLockTheAccountWith429AndRetryAfterButNotOtherAccounts() throws Exception {
        WebClient attacker = new WebClient(server, "127.0.0.2");
        for (int i = 0; i < 5; i++) {
            status(401, login(attacker, "hana", "guess number " + i));
        }
        HttpResponse<String> locked = login(new WebClient(server, "127.0.0.3"), "hana", PW);
        status(429, locked);
        assertEquals("60", locked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(locked.body().contains("ログインを一時的に止めています"), locked.body());
        assertTrue(locked.headers().allValues("Set-Cookie").stream().noneMatch(h -> h.startsWith(Auth.COOKIE + "=")));

        status(303, login(new WebClient(server, "127.0.0.3"), "ken", PW));
        assertEquals(5, audit().stream().filter(a -> a.startsWith("login.failure hana wrong password from 127.0.0.2")).count());
        assertTrue(audit().stream().anyMatch(a -> a.startsWith("login.lockout account hana 5 failures")), audit().toString());

        clock.advance(Duration.ofSeconds(61));
        status(303, login(new WebClient(server, "127.0.0.3"), "hana", PW));
    }

    @Test
    void fiveFailuresFromOneAddressLockItForEveryAccountButNoOtherAddress() throws Exception {
        WebClient attacker = new WebClient(server, "127.0.0.4");
        for (String name : List.of("n1", "n2", "n3", "n4", "n5")) {
            status(401, login(attacker, name, "guess"));
        }
        status(429, login(new WebClient(server, "127.0.0.4"), "mika", PW));
        status(303, login(new WebClient(server, "127.0.0.5"), "mika", PW));
        assertTrue(audit().stream().anyMatch(a -> a.startsWith("login.lockout address 127.0.0.4")), audit().toString());
    }

    @Test
    void anAdminDisablingAnAccountOnTheWebEndsItsSessionAtOnce() throws Exception {
        WebClient sora = WebClient.signedIn(server, "sora", PW);
        assertTrue(sora.get("/tickets").body().contains("<span class=\"who\">sora"));
        WebClient admin = WebClient.signedIn(server, "admin", PW);
        HttpResponse<String> page = admin.get("/admin/users");
        status(200, page);
        assertTrue(page.body().contains("action=\"/admin/users/sora/disable\""), page.body());

        status(303, admin.post("/admin/users/sora/disable"));
        assertFalse(sora.get("/tickets").body().contains("<span class=\"who\">sora"), "signed out at once");
        status(401, sora.post("/tickets", "key", "CHG-1", "title", "t", "system", "s"));
        status(401, login(new WebClient(server, "127.0.0.6"), "sora", PW));

        status(303, admin.post("/admin/users/sora/enable"));
        status(303, login(new WebClient(server, "127.0.0.6"), "sora", PW));
    }

    @Test
    void roleAndPasswordChangesAndTokenRevocationOnTheWebTakeEffectAtOnce() throws Exception {
        WebClient admin = WebClient.signedIn(server, "admin", PW);
        WebClient taro = WebClient.signedIn(server, "taro", PW);
        status(303, admin.post("/admin/users/taro/role", "role", "trainer"));
        assertFalse(taro.get("/").body().contains("<span class=\"who\">taro"));
        assertTrue(WebClient.signedIn(server, "taro", PW).get("/").body().contains("(trainer)"));

        HttpResponse<String> weak = admin.post("/admin/users/taro/password", "password", "short");
        status(400, weak);
        assertTrue(weak.body().contains("パスワード: 12 文字以上"), weak.body());
        status(303, admin.post("/admin/users/taro/password", "password", "a brand new passphrase"));
        status(401, login(new WebClient(server, "127.0.0.7"), "taro", PW));
        status(303, login(new WebClient(server, "127.0.0.7"), "taro", "a brand new passphrase"));

        String token = accounts.createApiToken(User.OPERATOR, "yui", null);
        WebClient api = new WebClient(server);
        status(200, api.json("GET", "/api/tickets", null, "Authorization", bearer(token)));
        long id = accounts.tokens(User.OPERATOR, "yui").get(0).id();
        assertTrue(admin.get("/admin/users").body().contains("action=\"/admin/tokens/" + id + "/revoke\""));
        status(303, admin.post("/admin/tokens/" + id + "/revoke"));
        HttpResponse<String> revoked = api.json("GET", "/api/tickets", null, "Authorization", bearer(token));
        status(401, revoked);
        assertTrue(revoked.body().contains("API トークンが無効です"), revoked.body());
    }

    @Test
    void onlyAdminsReachTheAccountsPageAndItsForms() throws Exception {
        WebClient reviewer = WebClient.signedIn(server, "ken", PW);
        status(403, reviewer.get("/admin/users"));
        status(403, reviewer.post("/admin/users/hana/disable"));
        status(403, reviewer.post("/admin/tokens/1/revoke"));
        assertFalse(reviewer.get("/").body().contains("/admin/users"), "no link for non-admins");
        status(303, new WebClient(server).get("/admin/users"));
        WebClient admin = WebClient.signedIn(server, "admin", PW);
        status(404, admin.post("/admin/users/nobody/disable"));
        status(404, admin.post("/admin/users/hana/promote"));

        HttpResponse<String> added = admin.post("/admin/users", "name", "newbie", "role", "reader", "password", "password1234");
        status(400, added);
        assertTrue(added.body().contains("よく使われて") && added.body().contains("value=\"newbie\""), added.body());
        status(303, admin.post("/admin/users", "name", "newbie", "role", "reader", "password", "an unusual phrase"));
        status(303, login(new WebClient(server, "127.0.0.8"), "newbie", "an unusual phrase"));
    }

    @Test
    void pagesOfASignedInUserAreNeverStoredButPublicOnesMayBe() throws Exception {
        WebClient hana = WebClient.signedIn(server, "ken", PW);
        for (String path : List.of("/", "/tickets", "/curricula", "/search?q=DDoS")) {
            assertEquals("no-store", hana.get(path).headers().firstValue("Cache-Control").orElse(""), path);
        }
        assertEquals("no-store", new WebClient(server).get("/login").headers().firstValue("Cache-Control").orElse(""));
        String token = accounts.createApiToken(User.OPERATOR, "ken", null);
        assertEquals("no-store", new WebClient(server).json("GET", "/api/tickets", null, "Authorization", bearer(token))
                .headers().firstValue("Cache-Control").orElse(""));
        assertTrue(new WebClient(server).get("/").headers().firstValue("Cache-Control").isEmpty());
    }

    @Test
    void behindAProxyTheForwardedClientIsCountedAndTheCookieIsSecure() throws Exception {
        try (TestServer proxied = new TestServer(TestCasebook.ingest(tmp.resolve("proxied")), clock, ServerLimits.DEFAULT, true)) {
            new AccountService(proxied.users, clock).addUser(User.OPERATOR, "pat", Role.READER, PW.toCharArray());
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> form = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(proxied.url("/login"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
                String csrf = cookie.substring(cookie.indexOf('=') + 1);
                HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(proxied.url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                        .header("X-Forwarded-For", "203.0.113.5").header("X-Forwarded-Proto", "https")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&name=pat&password="
                                + (i < 4 ? "wrong" : WebClient.enc(PW)))).build(), HttpResponse.BodyHandlers.ofString());
                if (i < 4) {
                    status(401, r);
                } else {
                    status(303, r);
                    String session = r.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(Auth.COOKIE + "="))
                            .findFirst().orElseThrow();
                    assertTrue(session.contains("Secure"), "https at the proxy: " + session);
                }
            }
            List<String> failures = new AuditLog(proxied.users).list(User.OPERATOR, 0, 20).stream()
                    .filter(e -> e.action().equals("login.failure")).map(AuditLog.Entry::detail).toList();
            assertEquals(List.of("wrong password from 203.0.113.5"), failures.stream().distinct().toList());
        }
    }

    @Test
    void theAuditLogShowsJapanTime() throws Exception {
        WebClient admin = WebClient.signedIn(server, "admin", PW);
        AuditLog.Entry newest = new AuditLog(server.users).list(User.OPERATOR, 0, 1).get(0);
        String page = admin.get("/admin/audit").body();
        assertTrue(page.contains("日時（日本時間）"), page);
        String jst = newest.at().plus(Duration.ofHours(9)).toString().replace('T', ' ').substring(0, 19);
        assertTrue(page.contains(">" + jst + "</time>"), jst + " in " + page);
    }
}
