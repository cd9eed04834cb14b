package kb.web;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import kb.store.Json;
import kb.users.Access;
import kb.users.Role;
import kb.users.User;
import kb.users.accounts.AccountService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users' workflows over HTTP: sign-in, CSRF, roles, tickets, curricula, the check, audit; pages and API. */
class WorkflowsTest {
    static final String PASSWORD = "correct horse battery staple";
    static final String CASE = "2025-01-bank-ddos";
    static final String LESSON = CASE + "#L1";
    static final String LESSON_TEXT = "回線事業者と緩和策の発動条件を事前に合意し、演習で確かめる。";

    @TempDir
    static Path tmp;
    static TestServer server;
    static String reviewerToken;
    static String trainerToken;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestCasebook.ingest(tmp));
        AccountService accounts = new AccountService(server.users, Clock.systemUTC());
        for (Role role : Role.values()) {
            accounts.addUser(User.OPERATOR, role.slug(), role, PASSWORD.toCharArray());
        }
        reviewerToken = accounts.createApiToken(User.OPERATOR, "reviewer", null);
        trainerToken = accounts.createApiToken(User.OPERATOR, "trainer", null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WebClient as(Role role) throws Exception {
        return WebClient.signedIn(server, role.slug(), PASSWORD);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    static void status(int expected, HttpResponse<String> r) {
        assertEquals(expected, r.statusCode(), r.request().method() + " " + r.uri() + " → " + r.body());
    }

    static String bearer(String token) { return "Bearer " + token; }

    // ---- signing in and out ----

    @Test
    void loginSetsAnHttpOnlyLaxSessionCookieAndGoesBackToNext() throws Exception {
        WebClient c = new WebClient(server);
        HttpResponse<String> form = c.get("/login?next=%2Ftickets");
        status(200, form);
        assertTrue(form.body().contains("name=\"next\" value=\"/tickets\""), "next carried in the form");

        HttpResponse<String> r = c.post("/login", "name", "reviewer", "password", PASSWORD, "next", "/tickets");
        status(303, r);
        String loginCookie = form.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith(Auth.LOGIN_COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(loginCookie.contains("HttpOnly") && loginCookie.contains("SameSite=Lax"), loginCookie);
        assertEquals("/tickets", r.headers().firstValue("Location").orElseThrow());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertAll(() -> assertTrue(cookie.startsWith(Auth.COOKIE + "="), cookie),
                () -> assertTrue(cookie.contains("HttpOnly"), cookie),
                () -> assertTrue(cookie.contains("SameSite=Lax"), cookie),
                () -> assertTrue(cookie.contains("Path=/"), cookie),
                () -> assertFalse(cookie.contains("Secure"), "not Secure over plain http: " + cookie));
        String page = c.get("/tickets").body();
        assertTrue(page.contains("<span class=\"who\">reviewer"), "the header shows who is signed in");
        assertTrue(page.contains("action=\"/logout\""));
    }

    @Test
    void wrongPasswordShowsTheFormAgainWith401AndTheNameKept() throws Exception {
        WebClient c = new WebClient(server);
        c.get("/login");
        HttpResponse<String> r = c.post("/login", "name", "reviewer", "password", "wrong");
        status(401, r);
        assertTrue(r.body().contains("ユーザー名またはパスワードが違います"));
        assertTrue(r.body().contains("value=\"reviewer\""));
        assertTrue(r.headers().allValues("Set-Cookie").stream().noneMatch(h -> h.startsWith(Auth.COOKIE + "=")), "no session");
    }

    @Test
    void nextMustStayOnThisSite() throws Exception {
        for (String next : new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example"}) {
            WebClient c = new WebClient(server);
            c.get("/login");
            HttpResponse<String> r = c.post("/login", "name", "reader", "password", PASSWORD, "next", next);
            status(303, r);
            assertEquals("/", r.headers().firstValue("Location").orElseThrow(), next);
        }
    }

    @Test
    void theLoginFormHasItsOwnCsrfToken() throws Exception {
        status(403, new WebClient(server).post("/login", "name", "reviewer", "password", PASSWORD));
        WebClient forged = new WebClient(server);
        forged.get("/login");
        status(403, forged.post("/login", "name", "reviewer", "password", PASSWORD, "csrf", "guessed"));
        forged.loginCookie = null; // a form posted from another site comes without this site's cookie
        status(403, forged.post("/login", "name", "reviewer", "password", PASSWORD));
        assertTrue(forged.session == null, "no session from a refused login");

        WebClient reader = as(Role.READER); // signing in again, as someone else, while signed in
        reader.get("/login");
        HttpResponse<String> again = reader.post("/login", "name", "reviewer", "password", PASSWORD,
                "csrf", reader.loginCookie);
        status(303, again);
        assertTrue(reader.get("/").body().contains("<span class=\"who\">reviewer"));
    }

    @Test
    void logoutNeedsTheCsrfTokenAndEndsTheSession() throws Exception {
        WebClient c = as(Role.READER);
        status(403, c.post("/logout", "csrf", "forged"));
        assertTrue(c.get("/").body().contains("<span class=\"who\">reader"), "still signed in after a forged logout");
        String session = c.session;
        HttpResponse<String> r = c.post("/logout");
        status(303, r);
        String cleared = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cleared.startsWith(Auth.COOKIE + "=;") && cleared.contains("Expires=Thu, 01 Jan 1970"), cleared);
        c.session = session; // a stolen copy of the cookie is worthless now
        assertTrue(c.get("/").body().contains(">ログイン</a>"));
    }

    // ---- tickets (pages) ----

    @Test
    void ticketWritesAreRefusedWithoutAccountRoleOrCsrf() throws Exception {
        HttpResponse<String> anonymous = new WebClient(server).post("/tickets", "key", "CHG-401", "title", "t", "system", "s");
        status(401, anonymous);
        assertTrue(anonymous.body().contains("href=\"/login"), "the 401 page links to the login form");

        status(403, as(Role.TRAINER).post("/tickets", "key", "CHG-403", "title", "t", "system", "s"));
        status(403, as(Role.READER).post("/tickets", "key", "CHG-403", "title", "t", "system", "s"));
        WebClient reviewer = as(Role.REVIEWER);
        HttpResponse<String> noToken = reviewer.post("/tickets", "key", "CHG-403", "title", "t", "system", "s", "csrf", "");
        status(403, noToken);
        assertTrue(noToken.body().contains("もう一度お試しください"));
        status(403, reviewer.post("/tickets", "key", "CHG-403", "title", "t", "system", "s", "csrf", reviewer.csrf + "x"));
        status(404, reviewer.get("/tickets/CHG-403"));
    }

    @Test
    void aBadTicketIsShownAgainWith400TheFieldNamedAndTheInputKept() throws Exception {
        WebClient reviewer = as(Role.REVIEWER);
        HttpResponse<String> r = reviewer.post("/tickets", "key", "chg 1", "title", "DNS の切り替え", "system", "勘定系",
                "trackerUrl", "");
        status(400, r);
        assertAll(() -> assertTrue(r.body().contains("キー: 「chg 1」はキーの形式ではありません。"), r.body()),
                () -> assertTrue(r.body().contains("value=\"DNS の切り替え\""), "title kept"),
                () -> assertTrue(r.body().contains("value=\"勘定系\""), "system kept"),
                () -> assertTrue(r.body().contains("name=\"key\" value=\"chg 1\" required maxlength=\"49\" aria-invalid=\"true\""), "key marked"));
        HttpResponse<String> url = reviewer.post("/tickets", "key", "CHG-9", "title", "t", "system", "s", "trackerUrl", "javascript:alert(1)");
        status(400, url);
        assertTrue(url.body().contains("変更管理ツールの URL: 「javascript:alert(1)」は http:// か https:// で始まる URL ではありません。"), url.body());
        assertFalse(url.body().contains("trackerUrl:"), "never the internal name");
        // A key typed in lower case is upper-cased, not refused.
        HttpResponse<String> lower = reviewer.post("/tickets", "key", "chg-2026-0042", "title", "t", "system", "s");
        status(303, lower);
        assertEquals("/tickets/CHG-2026-0042", lower.headers().firstValue("Location").orElseThrow());
        status(200, reviewer.get("/tickets/chg-2026-0042"));
        status(404, reviewer.get("/tickets/CHG-9"));
    }

    @Test
    void attachALessonFromTheCasePageSeeItCitedAndExportIt() throws Exception {
        WebClient reviewer = as(Role.REVIEWER);
        status(303, reviewer.post("/tickets", "key", "CHG-2026-0001", "title", "ネットバンキング回線増強", "system", "IB"));
        String casePage = reviewer.get("/cases/" + CASE).body();
        assertTrue(casePage.contains("<option value=\"CHG-2026-0001\">"), "open tickets offered on the case page");

        HttpResponse<String> attached = reviewer.post("/attach", "ticket", "CHG-2026-0001", "lesson", LESSON,
                "note." + LESSON, "回線事業者との合意を変更計画に含める", "next", "/cases/" + CASE + "#L1");
        status(303, attached);
        assertEquals("/cases/" + CASE + "#L1", attached.headers().firstValue("Location").orElseThrow());
        assertTrue(attached.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("kb_ticket=CHG-2026-0001;")),
                "the ticket is remembered for the session");
        assertTrue(reviewer.get("/cases/" + CASE).body().contains("href=\"/tickets/CHG-2026-0001\""), "the case page cites the ticket");
        assertTrue(new WebClient(server).get("/cases/" + CASE).body().contains("href=\"/tickets/CHG-2026-0001\""),
                "citations are public like the casebook");

        String ticket = reviewer.get("/tickets/CHG-2026-0001").body();
        assertTrue(ticket.contains(LESSON_TEXT) && ticket.contains("回線事業者との合意を変更計画に含める"));
        HttpResponse<String> md = reviewer.get("/tickets/CHG-2026-0001.md");
        status(200, md);
        assertTrue(md.headers().firstValue("Content-Type").orElseThrow().startsWith("text/markdown"));
        String caseLink = server.url("/cases/" + CASE + "#L1");
        assertTrue(md.body().contains("1. **" + LESSON_TEXT + "**") && md.body().contains("](" + caseLink + ")"), md.body());
        HttpResponse<String> txt = new WebClient(server).get("/tickets/CHG-2026-0001.txt");
        assertTrue(txt.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(txt.body().contains("1. " + LESSON_TEXT) && txt.body().contains(caseLink), txt.body());
        HttpResponse<String> jira = new WebClient(server).get("/tickets/chg-2026-0001.jira");
        status(200, jira);
        assertTrue(jira.body().contains("|" + caseLink + "]"), jira.body());
        status(404, reviewer.get("/tickets/CHG-2026-0001.pdf"));
        String page = reviewer.get("/tickets/CHG-2026-0001").body();
        assertTrue(page.contains("data-copy=\"export-jira\"") && page.contains("|" + caseLink + "]"), "the exports to copy are on the page");

        HttpResponse<String> twice = reviewer.post("/attach", "ticket", "CHG-2026-0001", "lesson", LESSON, "note." + LESSON, "二度目");
        status(400, twice);
        assertTrue(twice.body().contains("すでに CHG-2026-0001 に添付されています。") && twice.body().contains("value=\"二度目\""),
                "form again, note kept");

        status(303, reviewer.post("/tickets/CHG-2026-0001/status", "status", "closed"));
        assertTrue(reviewer.get("/tickets/CHG-2026-0001").body().contains("対応中に戻す"));
        status(400, reviewer.post("/tickets/CHG-2026-0001/status", "status", "done"));
        status(303, reviewer.post("/tickets/CHG-2026-0001/detach", "lessonId", LESSON));
        assertFalse(reviewer.get("/tickets/CHG-2026-0001.md").body().contains(LESSON_TEXT));
        status(404, reviewer.post("/tickets/CHG-2026-0001/detach", "lessonId", LESSON));
    }

    @Test
    void theAttachFormIsOfferedFromTheLessonsListAndTheCheck() throws Exception {
        WebClient reviewer = as(Role.REVIEWER);
        status(303, reviewer.post("/tickets", "key", "OPS-17", "title", "DDoS 演習", "system", "IB"));
        assertTrue(reviewer.get("/lessons").body().contains("href=\"/attach?lesson=" + WebClient.enc(LESSON) + "\""));
        assertFalse(new WebClient(server).get("/lessons").body().contains("/attach?lesson="), "not for anonymous readers");
        HttpResponse<String> form = reviewer.get("/attach?lesson=" + WebClient.enc(LESSON));
        status(200, form);
        assertTrue(form.body().contains(LESSON_TEXT) && form.body().contains("<option value=\"OPS-17\""));
        status(404, reviewer.get("/attach?lesson=" + WebClient.enc(CASE + "#L99")));
        HttpResponse<String> noTicket = reviewer.post("/attach", "ticket", "", "lesson", LESSON, "note." + LESSON, "メモ");
        status(400, noTicket);
        assertTrue(noTicket.body().contains("チケット: 添付先のチケットを選んでください。") && noTicket.body().contains("value=\"メモ\""));
        HttpResponse<String> none = reviewer.post("/attach", "ticket", "OPS-17");
        status(400, none);
        assertTrue(none.body().contains("教訓: 添付する教訓を 1 つ以上選んでください。"), none.body());
        HttpResponse<String> r = reviewer.post("/attach", "ticket", "OPS-17", "lesson", LESSON, "note." + LESSON, "");
        status(303, r);
        assertEquals("/tickets/OPS-17", r.headers().firstValue("Location").orElseThrow());
        status(400, reviewer.post("/attach", "ticket", "OPS-17", "lesson", CASE + "#L99"));
        status(404, reviewer.post("/attach", "ticket", "NOPE-1", "lesson", CASE + "#L2"));
    }

    // ---- the pre-change check ----

    @Test
    void theCheckRanksCasesWithSharedTermsAndLessons() throws Exception {
        status(200, new WebClient(server).get("/check"));
        HttpResponse<String> r = new WebClient(server).post("/check",
                "text", "年始にインターネットバンキングの回線を増強する。DDoS攻撃への緩和策も見直す。", "limit", "3");
        status(200, r);
        assertAll(() -> assertTrue(r.body().contains("href=\"/cases/" + CASE + "\""), "the DDoS case matches"),
                () -> assertTrue(r.body().contains("<span class=\"evidence\">"), "shared terms shown"),
                () -> assertTrue(r.body().contains(LESSON_TEXT), "its lessons shown"),
                () -> assertFalse(r.body().contains("/attach?lesson="), "no attach links for anonymous readers"));
        assertFalse(r.body().contains("name=\"lesson\""), "no lesson checkboxes for anonymous readers");

        HttpResponse<String> empty = new WebClient(server).post("/check", "text", " ");
        status(400, empty);
        assertTrue(empty.body().contains("変更の内容: 入力してください。"), empty.body());
        HttpResponse<String> tooLong = new WebClient(server).post("/check", "text", "障".repeat(20_001));
        status(400, tooLong);
        assertTrue(tooLong.body().contains("変更の内容: 長すぎます"));
        HttpResponse<String> zero = new WebClient(server).post("/check", "text", "DDoS", "limit", "0");
        status(400, zero);
        assertTrue(zero.body().contains("表示件数: 1〜50 の範囲で指定してください（0）。"), zero.body());
        status(400, new WebClient(server).post("/check", "text", "DDoS", "limit", "たくさん"));
    }

    @Test
    void aSignedInCheckIsSavedAtItsOwnAddressAndItsLessonsGoOntoATicketInOneSubmit() throws Exception {
        WebClient reviewer = as(Role.REVIEWER);
        status(303, reviewer.post("/tickets", "key", "CHG-2026-0300", "title", "年始の回線増強", "system", "IB"));
        String change = "年始にインターネットバンキングの回線を増強する。DDoS攻撃への緩和策も見直す。";
        HttpResponse<String> checked = reviewer.post("/check", "text", change, "limit", "5");
        status(303, checked);
        String url = checked.headers().firstValue("Location").orElseThrow();
        assertTrue(url.matches("/checks/\\d+"), url);
        assertEquals(url, reviewer.post("/check", "text", change, "limit", "5").headers().firstValue("Location").orElseThrow(),
                "the same check has one address");
        String saved = new WebClient(server).get(url).body();
        assertTrue(saved.contains(LESSON_TEXT) && saved.contains(">" + change + "</textarea>"), "anyone may reopen it");
        String page = reviewer.get(url).body();
        assertTrue(page.contains("name=\"lesson\" value=\"" + LESSON + "\"") && page.contains("name=\"note." + LESSON + "\""), page);
        assertTrue(page.contains("<option value=\"CHG-2026-0300\">"), "the open tickets offered once for all lessons");
        String id = url.substring(url.lastIndexOf('/') + 1);
        assertTrue(page.contains("name=\"check\" value=\"" + id + "\""));

        HttpResponse<String> attached = reviewer.post("/attach", "ticket", "chg-2026-0300", "check", id,
                "lesson", LESSON, "note." + LESSON, "発動条件を合意する", "lesson", CASE + "#L2", "note." + CASE + "#L2", "");
        status(303, attached);
        assertEquals("/tickets/CHG-2026-0300", attached.headers().firstValue("Location").orElseThrow());
        JsonNode ticket = json(reviewer.json("GET", "/api/tickets/CHG-2026-0300", null));
        assertEquals(2, ticket.get("attachments").size());
        assertEquals(change, ticket.get("checks").get(0).get("text").asText());
        assertTrue(reviewer.get(url).body().contains("<option value=\"CHG-2026-0300\" selected>"), "the ticket is preselected next time");
        assertTrue(reviewer.get("/tickets/CHG-2026-0300").body().contains("href=\"" + url + "\""), "the ticket links its check");
        assertTrue(reviewer.get("/tickets/CHG-2026-0300.md").body().contains("(" + server.url(url) + ")"));
        status(404, reviewer.get("/checks/99999"));
        status(404, reviewer.get("/checks/x"));
    }

    @Test
    void checkApi() throws Exception {
        WebClient c = new WebClient(server);
        JsonNode answer = json(c.json("POST", "/api/check", "{\"text\": \"DDoS攻撃で接続困難\", \"limit\": 2}"));
        assertTrue(answer.get("total").asInt() >= 1 && answer.get("total").asInt() <= 2, answer.toString());
        JsonNode first = answer.get("matches").get(0);
        assertEquals(CASE, first.get("caseId").asText());
        assertTrue(first.get("sharedTerms").get(0).has("term"));
        assertEquals(LESSON, first.get("lessons").get(0).get("id").asText());
        HttpResponse<String> bad = c.json("POST", "/api/check", "{\"text\": ");
        status(400, bad);
        assertTrue(json(bad).get("error").asText().contains("JSON"));
        status(400, c.json("POST", "/api/check", "{\"text\": \"DDoS\", \"limit\": 51}"));
        status(400, c.json("POST", "/api/check", "{}"));
    }

    // ---- tickets (API) ----

    @Test
    void ticketApiWithBearerTokens() throws Exception {
        WebClient c = new WebClient(server);
        String ticket = "{\"key\": \"API-1\", \"title\": \"API で作成\", \"system\": \"勘定系\"}";
        HttpResponse<String> anonymous = c.json("POST", "/api/tickets", ticket);
        status(401, anonymous);
        assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertTrue(json(anonymous).has("error"));
        status(401, c.json("POST", "/api/tickets", ticket, "Authorization", bearer("not-a-token")));
        status(401, c.json("POST", "/api/tickets", ticket, "Authorization", "Basic cmV2aWV3ZXI6eA=="));
        status(403, c.json("POST", "/api/tickets", ticket, "Authorization", bearer(trainerToken)));

        HttpResponse<String> created = c.json("POST", "/api/tickets", ticket, "Authorization", bearer(reviewerToken));
        status(201, created);
        assertEquals("open", json(created).get("status").asText());
        status(400, c.json("POST", "/api/tickets", ticket, "Authorization", bearer(reviewerToken)));
        assertTrue(json(c.json("POST", "/api/tickets", "{\"key\": \"API-2\", \"system\": \"x\"}", "Authorization",
                bearer(reviewerToken))).get("error").asText().startsWith("件名: "));

        HttpResponse<String> attached = c.json("POST", "/api/tickets/API-1/lessons",
                "{\"lessonId\": \"" + LESSON + "\", \"note\": \"API から\"}", "Authorization", bearer(reviewerToken));
        status(201, attached);
        JsonNode a = json(attached).get("attachments").get(0);
        assertAll(() -> assertEquals(LESSON, a.get("lessonId").asText()), () -> assertEquals("API から", a.get("note").asText()),
                () -> assertEquals(LESSON_TEXT, a.get("lessonText").asText()),
                () -> assertFalse(a.get("removedFromCasebook").asBoolean()),
                () -> assertTrue(a.get("attachedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), a.toString()));

        // Several at once, all or none.
        String batch = "{\"lessons\": [{\"lessonId\": \"" + CASE + "#L2\", \"note\": \"二つ目\"}, {\"lessonId\": \"" + LESSON + "\"}]}";
        HttpResponse<String> refused = c.json("POST", "/api/tickets/API-1/lessons", batch, "Authorization", bearer(reviewerToken));
        status(400, refused);
        assertTrue(json(refused).get("error").asText().endsWith("すでに API-1 に添付されています。"), refused.body());
        assertEquals(1, json(c.json("GET", "/api/tickets/API-1", null)).get("attachments").size(), "none of the batch attached");
        status(400, c.json("POST", "/api/tickets/API-1/lessons", "{\"lessonId\": \"" + LESSON + "\", \"lessons\": []}",
                "Authorization", bearer(reviewerToken)));
        HttpResponse<String> many = c.json("POST", "/api/tickets/api-1/lessons",
                "{\"lessons\": [{\"lessonId\": \"" + CASE + "#L2\", \"note\": \"二つ目\"}]}", "Authorization", bearer(reviewerToken));
        status(201, many);
        assertEquals(2, json(many).get("attachments").size());
        status(200, c.json("DELETE", "/api/tickets/API-1/lessons/" + CASE + "%23L2", null, "Authorization", bearer(reviewerToken)));

        JsonNode read = json(c.json("GET", "/api/tickets/API-1", null));
        assertEquals(1, read.get("attachments").size());
        assertTrue(json(c.json("GET", "/api/tickets", null)).toString().contains("\"key\":\"API-1\""));
        status(404, c.json("GET", "/api/tickets/API-404", null));

        String path = "/api/tickets/API-1/lessons/" + CASE + "%23L1";
        status(403, c.json("DELETE", path, null, "Authorization", bearer(trainerToken)));
        HttpResponse<String> detached = c.json("DELETE", path, null, "Authorization", bearer(reviewerToken));
        status(200, detached);
        assertEquals(0, json(detached).get("attachments").size());
        status(404, c.json("DELETE", path, null, "Authorization", bearer(reviewerToken)));
    }

    @Test
    void aCookieAuthenticatedApiWriteNeedsTheCsrfHeader() throws Exception {
        WebClient reviewer = as(Role.REVIEWER);
        String ticket = "{\"key\": \"API-COOKIE\", \"title\": \"t\", \"system\": \"s\"}";
        HttpResponse<String> r = reviewer.json("POST", "/api/tickets", ticket);
        status(403, r);
        assertTrue(json(r).get("error").asText().contains(Auth.CSRF_HEADER));
        status(201, reviewer.json("POST", "/api/tickets", ticket, Auth.CSRF_HEADER, reviewer.csrf));
    }

    // ---- curricula ----

    @Test
    void casesFromSearchResultsOrACasePageGoIntoACurriculumModule() throws Exception {
        WebClient trainer = as(Role.TRAINER);
        long id = json(trainer.json("POST", "/api/curricula", "{\"title\": \"検索から作る研修\", \"modules\": [{\"title\": \"攻撃\", \"caseIds\": []}]}",
                Auth.CSRF_HEADER, trainer.csrf)).get("id").asLong();
        String search = trainer.get("/search?q=" + WebClient.enc("障害")).body();
        assertTrue(search.contains("name=\"case\" value=\"") && search.contains("formaction=\"/curricula/add\""), "tick cases on the results");
        assertTrue(trainer.get("/cases/" + CASE).body().contains("href=\"/curricula/add?case=" + CASE + "\""), "研修に追加 on the case page");
        HttpResponse<String> form = trainer.get("/curricula/add?case=" + CASE + "&case=2024-07-edr-update");
        status(200, form);
        assertTrue(form.body().contains("<option value=\"" + id + ":0\">1. 攻撃（検索から作る研修）</option>"), form.body());
        HttpResponse<String> noTarget = trainer.post("/curricula/add", "case", CASE, "target", "");
        status(400, noTarget);
        assertTrue(noTarget.body().contains("追加先: カリキュラムとモジュールを選んでください。"));
        status(400, trainer.post("/curricula/add", "case", CASE, "target", id + ":new", "newModule", ""));
        HttpResponse<String> added = trainer.post("/curricula/add", "case", CASE, "case", "2024-07-edr-update", "target", id + ":0");
        status(303, added);
        assertEquals("/curricula/" + id + "#module-1", added.headers().firstValue("Location").orElseThrow());
        assertEquals(2, json(trainer.json("GET", "/api/curricula/" + id, null)).get("modules").get(0).get("caseIds").size());
        assertTrue(trainer.get("/curricula/add?case=" + CASE).body().contains("<option value=\"" + id + ":0\" selected>"), "remembered");
        status(303, trainer.post("/curricula/add", "case", "2023-10-relay-replacement", "target", id + ":new", "newModule", "移行"));
        assertEquals("移行", json(trainer.json("GET", "/api/curricula/" + id, null)).get("modules").get(1).get("title").asText());
        status(403, as(Role.REVIEWER).post("/curricula/add", "case", CASE, "target", id + ":0"));
        status(404, trainer.get("/curricula/add?case=no-such-case"));
    }

    @Test
    void searchResultsExportAsCsvAndJsonWithTheSameParameters() throws Exception {
        WebClient c = new WebClient(server);
        HttpResponse<String> csv = c.get("/search.csv?q=" + WebClient.enc("障害") + "&trigger=operations");
        status(200, csv);
        assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment;"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("\uFEFFid,title,date,industry,trigger,url", lines.get(0));
        JsonNode page = json(c.get("/api/search?q=" + WebClient.enc("障害") + "&trigger=operations"));
        assertEquals(page.get("total").asInt() + 1, lines.size(), csv.body());
        assertTrue(lines.get(1).startsWith(page.get("hits").get(0).get("id").asText() + ","), lines.get(1));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(",日常の運用・保守," + server.url("/cases/"))), csv.body());
        JsonNode all = json(c.get("/search.json?sort=date"));
        assertEquals(all.get("total").asInt(), all.get("exported").asInt());
        assertEquals(all.get("total").asInt(), all.get("cases").size());
        all.get("cases").forEach(k -> assertFalse(k.get("industry").asText().isEmpty(), k.toString()));
        status(400, c.get("/search.csv?trigger=nope"));
        assertEquals("'=1+1", SearchExport.cell("=1+1"));
        assertEquals("\"a,\"\"b\"\"\"", SearchExport.cell("a,\"b\""));
    }

    @Test
    void exportsLinkToTheConfiguredBaseUrl() throws Exception {
        WebClient api = new WebClient(server);
        status(201, api.json("POST", "/api/tickets", "{\"key\": \"BASE-1\", \"title\": \"t\", \"system\": \"s\"}", "Authorization", bearer(reviewerToken)));
        status(201, api.json("POST", "/api/tickets/BASE-1/lessons", "{\"lessonId\": \"" + LESSON + "\"}", "Authorization", bearer(reviewerToken)));
        try (TestServer behindProxy = new TestServer(new kb.store.IndexDirectory(tmp.resolve("index")), "https://kb.example.jp/")) {
            String jira = behindProxy.get("/tickets/BASE-1.jira").body();
            assertTrue(jira.contains("|https://kb.example.jp/cases/" + CASE + "#L1]"), jira);
            assertTrue(behindProxy.get("/search.csv?q=DDoS").body().contains(",https://kb.example.jp/cases/" + CASE + "\r\n"));
        }
    }

    @Test
    void sortingByDateKeepsTheTotal() throws Exception {
        WebClient c = new WebClient(server);
        long total = json(c.get("/api/search")).get("total").asLong();
        assertTrue(total > 3, "more cases than a page: " + total);
        assertEquals(total, json(c.get("/api/search?sort=date&limit=3")).get("total").asLong());
        // Words some cases have all of and others only some of: those with all come first in either order.
        String q = WebClient.enc("障害 DDoS");
        JsonNode relevance = json(c.get("/api/search?q=" + q + "&limit=3"));
        assertTrue(relevance.get("exact").asLong() < relevance.get("total").asLong(), relevance.toString());
        JsonNode byDate = json(c.get("/api/search?q=" + q + "&sort=date&limit=3"));
        assertEquals(relevance.get("total").asLong(), byDate.get("total").asLong());
        assertEquals(relevance.get("exact").asLong(), byDate.get("exact").asLong());
        String page = c.get("/search?sort=date&q=" + q).body();
        assertTrue(page.contains("<strong>" + relevance.get("total").asLong() + "</strong> 件"), "the page says the same total");
    }

    @Test
    void buildACurriculumWithPlainForms() throws Exception {
        WebClient trainer = as(Role.TRAINER);
        status(403, as(Role.REVIEWER).post("/curricula", "title", "x"));
        HttpResponse<String> noTitle = trainer.post("/curricula", "title", " ", "audience", "新任の運用担当");
        status(400, noTitle);
        assertTrue(noTitle.body().contains("タイトル: 入力してください。") && noTitle.body().contains("value=\"新任の運用担当\""));

        HttpResponse<String> created = trainer.post("/curricula", "title", "障害から学ぶ変更管理", "audience", "新任の運用担当",
                "objectives", "変更前に過去事例を引ける\n\n移行リハーサルの要点を説明できる");
        status(303, created);
        String url = created.headers().firstValue("Location").orElseThrow();
        assertTrue(url.matches("/curricula/\\d+"), url);

        // The blank module at the end of the form becomes module 1, then module 2.
        status(303, trainer.post(url, "action", "save", "title", "障害から学ぶ変更管理", "audience", "新任の運用担当",
                "objectives", "変更前に過去事例を引ける", "modules", "0",
                "m0.title", "攻撃への備え", "m0.add", CASE, "m0.note", "演習の前に読む", "m0.questions", "自社の発動条件は？"));
        status(303, trainer.post(url, "action", "save", "title", "障害から学ぶ変更管理", "audience", "", "objectives", "",
                "modules", "1", "m0.title", "攻撃への備え", "m0.case", CASE, "m0.add", "2024-07-edr-update", "m0.note", "",
                "m0.questions", "自社の発動条件は？", "m1.title", "移行", "m1.add", "2023-10-relay-replacement"));
        String page = trainer.get(url).body();
        assertTrue(page.indexOf(CASE) < page.indexOf("2024-07-edr-update"));

        // Move the second case of module 1 up, then the second module up.
        status(303, trainer.post(url, "action", "up:0:1", "title", "障害から学ぶ変更管理", "modules", "2",
                "m0.title", "攻撃への備え", "m0.case", CASE, "m0.case", "2024-07-edr-update", "m0.questions", "自社の発動条件は？",
                "m1.title", "移行", "m1.case", "2023-10-relay-replacement"));
        JsonNode cur = json(trainer.json("GET", "/api" + url, null));
        assertEquals("2024-07-edr-update", cur.get("modules").get(0).get("caseIds").get(0).asText());
        status(303, trainer.post(url, "action", "mup:1", "title", "障害から学ぶ変更管理", "modules", "2",
                "m0.title", "攻撃への備え", "m0.case", "2024-07-edr-update", "m0.case", CASE,
                "m1.title", "移行", "m1.case", "2023-10-relay-replacement"));
        cur = json(trainer.json("GET", "/api" + url, null));
        assertEquals("移行", cur.get("modules").get(0).get("title").asText());
        assertEquals(2, cur.get("modules").size());

        // A title typed instead of an id is searched, never stored; what was typed stays in the box.
        HttpResponse<String> typed = trainer.post(url, "action", "save", "title", "障害から学ぶ変更管理", "modules", "1",
                "m0.title", "移行", "m0.case", "2023-10-relay-replacement", "m0.add", "DDoS", "m1.title", "新しい章");
        status(400, typed);
        assertTrue(typed.body().contains("モジュール 1 の事例の追加: 「DDoS」は事例 ID ではありません。"), typed.body());
        assertTrue(typed.body().contains("name=\"m0.pick\" value=\"" + CASE + "\""), "the cases found are offered");
        assertTrue(typed.body().contains("value=\"新しい章\"") && typed.body().contains("「DDoS」で見つかった事例"), "what was typed is kept");
        assertFalse(typed.body().contains("modules[0]"), "never the internal path");
        assertEquals(2, json(trainer.json("GET", "/api" + url, null)).get("modules").size(), "nothing half-written");
        // The search button shows the cases found without saving; ticking two and saving adds both.
        HttpResponse<String> found = trainer.post(url, "action", "find:0", "title", "障害から学ぶ変更管理", "modules", "1",
                "m0.title", "移行", "m0.case", "2023-10-relay-replacement", "m0.add", "障害");
        status(200, found);
        assertTrue(found.body().contains("name=\"m0.pick\""), found.body());
        status(303, trainer.post(url, "action", "save", "title", "障害から学ぶ変更管理", "modules", "1",
                "m0.title", "移行", "m0.case", "2023-10-relay-replacement", "m0.pick", CASE, "m0.pick", "2024-07-edr-update"));
        assertEquals(List.of("2023-10-relay-replacement", CASE, "2024-07-edr-update"),
                Json.MAPPER.convertValue(json(trainer.json("GET", "/api" + url, null)).get("modules").get(0).get("caseIds"), List.class));
        status(400, trainer.post(url, "action", "up:7:0", "title", "t", "modules", "0"));
        status(400, trainer.post(url, "action", "save", "title", "t", "modules", "100000000"));
        status(403, as(Role.REVIEWER).post(url, "action", "save", "title", "t", "modules", "0"));
        status(404, trainer.get("/curricula/99999"));
        status(404, trainer.get("/curricula/abc"));
    }

    @Test
    void handoutAndMarkdownOfACurriculum() throws Exception {
        HttpResponse<String> created = new WebClient(server).json("POST", "/api/curricula", """
                {"title": "配布資料の試験", "audience": "", "objectives": ["発動条件を説明できる"],
                 "modules": [{"title": "DDoS", "caseIds": ["%s"], "note": "", "questions": ["誰が発動を決めるか"]}]}
                """.formatted(CASE), "Authorization", bearer(trainerToken));
        status(201, created);
        long id = json(created).get("id").asLong();
        String handout = new WebClient(server).get("/curricula/" + id + "/handout").body();
        assertAll(() -> assertTrue(handout.contains("<h4>概要</h4>") && handout.contains("年始にDDoS攻撃を受け")),
                () -> assertTrue(handout.contains("<h4>原因</h4>")),
                () -> assertTrue(handout.contains(LESSON_TEXT)),
                () -> assertTrue(handout.contains("誰が発動を決めるか") && handout.contains("class=\"answer\"")));
        HttpResponse<String> md = new WebClient(server).get("/curricula/" + id + ".md");
        assertTrue(md.headers().firstValue("Content-Type").orElseThrow().startsWith("text/markdown"));
        assertTrue(md.body().startsWith("# 配布資料の試験") && md.body().contains("1. 誰が発動を決めるか"), md.body());
    }

    @Test
    void curriculumApi() throws Exception {
        WebClient c = new WebClient(server);
        String draft = "{\"title\": \"API 研修\", \"modules\": [{\"title\": \"一\", \"caseIds\": [\"%s\"]}]}";
        status(401, c.json("POST", "/api/curricula", draft.formatted(CASE)));
        status(403, c.json("POST", "/api/curricula", draft.formatted(CASE), "Authorization", bearer(reviewerToken)));
        HttpResponse<String> created = c.json("POST", "/api/curricula", draft.formatted(CASE), "Authorization", bearer(trainerToken));
        status(201, created);
        long id = json(created).get("id").asLong();
        assertEquals("/api/curricula/" + id, created.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> bad = c.json("PUT", "/api/curricula/" + id, draft.formatted("nope"), "Authorization", bearer(trainerToken));
        status(400, bad);
        assertEquals("モジュール 1 の事例 1: 「nope」は事例集にありません。", json(bad).get("error").asText());
        HttpResponse<String> replaced = c.json("PUT", "/api/curricula/" + id,
                "{\"title\": \"API 研修（改）\", \"modules\": []}", "Authorization", bearer(trainerToken));
        status(200, replaced);
        assertEquals(0, json(c.json("GET", "/api/curricula/" + id, null)).get("modules").size());
        assertTrue(json(c.json("GET", "/api/curricula", null)).toString().contains("API 研修（改）"));
        status(404, c.json("PUT", "/api/curricula/99999", "{\"title\": \"x\"}", "Authorization", bearer(trainerToken)));
        status(404, c.json("GET", "/api/curricula/x", null));
    }

    // ---- login for reading, audit ----

    @Test
    void whenLoginIsRequiredForReadingAnonymousReadersAreSentToSignIn() throws Exception {
        Access access = new Access(server.users);
        access.setLoginRequiredForReading(User.OPERATOR, true);
        try {
            WebClient anonymous = new WebClient(server);
            HttpResponse<String> page = anonymous.get("/search?q=DDoS");
            status(303, page);
            assertEquals("/login?next=" + WebClient.enc("/search?q=DDoS").replace("+", "%20"),
                    page.headers().firstValue("Location").orElseThrow());
            status(401, anonymous.get("/api/search?q=DDoS"));
            status(401, anonymous.json("POST", "/api/check", "{\"text\": \"DDoS\"}"));
            status(200, anonymous.get("/login"));
            status(200, anonymous.get("/assets/style.css"));
            status(200, anonymous.get("/health"));
            WebClient reader = as(Role.READER);
            status(200, reader.get("/search?q=DDoS"));
            status(200, reader.get("/tickets"));
            status(200, new WebClient(server).json("GET", "/api/tickets", null, "Authorization", bearer(reviewerToken)));
        } finally {
            access.setLoginRequiredForReading(User.OPERATOR, false);
        }
        status(200, new WebClient(server).get("/search?q=DDoS"));
    }

    @Test
    void theAuditLogIsForAdminsAndPaged() throws Exception {
        status(303, new WebClient(server).get("/admin/audit"));
        status(403, as(Role.REVIEWER).get("/admin/audit"));
        WebClient admin = as(Role.ADMIN);
        HttpResponse<String> r = admin.get("/admin/audit");
        status(200, r);
        assertTrue(r.body().contains("<code>session.start</code>") && r.body().contains("<code>user.add</code>"));
        assertTrue(r.body().contains("href=\"/admin/audit\"") && r.body().contains("監査ログ"), "admins get the link");
        assertFalse(as(Role.REVIEWER).get("/").body().contains("href=\"/admin/audit\""));
        status(400, admin.get("/admin/audit?page=0"));
        status(200, admin.get("/admin/audit?page=2"));
    }
}
