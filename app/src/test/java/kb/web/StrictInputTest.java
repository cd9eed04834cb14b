package kb.web;

import static kb.web.WorkflowsTest.bearer;
import static kb.web.WorkflowsTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kb.store.Json;
import kb.users.Access;
import kb.users.Role;
import kb.users.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Input the server must refuse as the client's mistake, never as a 500: JSON that is not exactly what the API
 * documents, malformed or oversized requests; and what it must not pass on: raw HTML and unsafe links.
 */
class StrictInputTest {
    @TempDir
    static Path tmp;
    static TestServer server;
    static String reviewer;
    static String trainer;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestCasebook.ingest(tmp));
        reviewer = server.tokenFor("rev", Role.REVIEWER);
        trainer = server.tokenFor("tra", Role.TRAINER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A 400 whose message starts as given, in Japanese, with nothing of the Java behind it. */
    private static void refused(HttpResponse<String> r, String start) throws Exception {
        status(400, r);
        String error = Json.MAPPER.readTree(r.body()).get("error").asText();
        assertTrue(error.startsWith(start), error);
        assertFalse(error.matches("(?s).*(kb\\.|java|\\$|Exception|Cannot construct|`).*"), error);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"text\": \"DDoS\", \"text\": \"again\"}                | text: 同じフィールドが二度あります",
        "{\"text\": \"DDoS\"} {\"text\": \"more\"}                | JSON オブジェクトの後に余分な内容があります",
        "{\"text\": \"DDoS\"} x                                  | リクエストの本文が JSON として読めません（1 行 18 文字目）",
        "{\"text\": \"DDoS\", \"limit\": 1.7}                     | limit: 整数で指定してください",
        "{\"text\": \"DDoS\", \"limit\": \"5\"}                   | limit: 整数で指定してください",
        "{\"text\": \"DDoS\", \"limit\": 1e400}                   | limit: ",
        "{\"text\": \"DDoS\", \"limit\": 99999999999999}          | limit: 範囲外の数です",
        "{\"text\": 5}                                          | text: 文字列で指定してください",
        "{\"text\": [\"a\"]}                                    | text: 文字列で指定してください",
        "{\"txt\": \"DDoS\"}                                    | txt: このフィールドはありません",
        "[1, 2]                                                 | リクエストの本文は JSON オブジェクトにしてください",
        "null                                                   | リクエストの本文は JSON オブジェクトにしてください",
        "{\"text\": \"DDoS\"                                    | リクエストの本文が JSON として読めません",
        "'{'                                                    | リクエストの本文が JSON として読めません",
    })
    void theCheckRefusesJsonThatIsNotExactlyItsRequest(String body, String message) throws Exception {
        refused(new WebClient(server).json("POST", "/api/check", body.strip()), message.strip());
    }

    @Test
    void writesNameTheNestedFieldAsTheApiDocumentsIt() throws Exception {
        WebClient c = new WebClient(server);
        refused(c.json("POST", "/api/tickets", "{\"key\": \"CHG-1\", \"title\": [\"x\"], \"system\": \"s\"}",
                "Authorization", bearer(reviewer)), "title: 文字列で指定してください");
        HttpResponse<String> nested = c.json("POST", "/api/curricula", "{\"title\": \"t\", \"modules\": [{\"title\": \"m\", \"caseIds\": [1]}]}",
                "Authorization", bearer(trainer));
        refused(nested, "modules[0].caseIds[0]: 文字列で指定してください");
        assertEquals("modules[0].caseIds[0]", Json.MAPPER.readTree(nested.body()).get("field").asText());
        HttpResponse<String> badKey = c.json("POST", "/api/tickets", "{\"key\": \"chg 1\", \"title\": \"t\", \"system\": \"s\"}",
                "Authorization", bearer(reviewer));
        status(400, badKey);
        assertEquals("key", Json.MAPPER.readTree(badKey.body()).get("field").asText(), "a service's refusal names its field too");
        refused(c.json("POST", "/api/curricula", "{\"title\": \"t\", \"modules\": [{\"title\": \"m\", \"title\": \"n\"}]}",
                "Authorization", bearer(trainer)), "modules[0].title: 同じフィールドが二度あります");
        refused(c.json("POST", "/api/curricula", "{\"title\": \"t\", \"modules\": {\"title\": \"m\"}}",
                "Authorization", bearer(trainer)), "modules: 配列で指定してください");
        refused(c.json("POST", "/api/tickets/CHG-1/lessons", "", "Authorization", bearer(reviewer)), "リクエストの本文が空です");
        refused(c.json("GET", "/api/tickets?limit=1.5", null), "limit は 1〜100 の整数で指定してください");
    }

    @Test
    void aMalformedChunkedBodyIsABadRequest() throws Exception {
        String response = raw("POST /api/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{\"text\":\"DDoS\"}\r\n0\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertFalse(response.contains("Exception") || response.contains("\tat "), response);
    }

    @Test
    void overLongAddressesAndHeadersAreRefusedWith414And431() throws Exception {
        String longUri = raw("GET /search?q=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(longUri.startsWith("HTTP/1.1 414 "), longUri.substring(0, Math.min(200, longUri.length())));
        String longHeader = raw("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(70_000) + "\r\nConnection: close\r\n\r\n");
        assertTrue(longHeader.startsWith("HTTP/1.1 431 "), longHeader.substring(0, Math.min(200, longHeader.length())));
        assertTrue(longHeader.contains("リクエストのヘッダーが大きすぎます"), longHeader);
    }

    /**
     * The server closes a connection only after an answer that says so ("Connection: close"): HTTP/1.1 clients
     * (browsers, proxies, the JDK's HttpClient) reuse any other connection, and a request sent on one the server
     * closed gets no answer at all. Each request is sent without "Connection: close", as those clients send it;
     * a declared body of which only "{" is sent is one the server answers before it could read it.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /%                   |",
        "GET /cases/%00           |",
        "POST /tickets/%00/status | Content-Length: 0",
        "G@T /                    |",
        "GET /cases/%E3           |",
        "GET /no/such/page        |",
        "POST /no/such/page       | Content-Length: 100000",
        "POST /api/tickets        | Authorization: Bearer not-a-token; Content-Type: application/json; Content-Length: 100000",
    })
    void aConnectionIsClosedOnlyAfterAnAnswerSayingSo(String requestLine, String headers) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String head = requestLine.strip() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (headers == null ? "" : String.join("\r\n", headers.strip().split("; ")) + "\r\n") + "\r\n";
            out.write((head + (head.contains("Content-Length: 100000") ? "{" : "")).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = responseHead(in);
            assertTrue(answer.startsWith("HTTP/1.1 4"), requestLine + " → " + answer);
            if (answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n")) {
                assertEquals(-1, in.read(), "closed after saying so: " + answer);
                return;
            }
            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String next;
            try {
                next = responseHead(in);
            } catch (IOException e) {
                next = e.toString();
            }
            assertTrue(next.startsWith("HTTP/1.1 200 "), requestLine + " → " + answer + "without \"Connection: close\","
                    + " but the next request on the connection got " + (next.isEmpty() ? "nothing: it was closed" : next));
        }
    }

    /** A response's status line and headers, its body (of the length they give) read past; "" at end of stream. */
    private static String responseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c == -1) {
                return head.toString();
            }
            head.append((char) c);
        }
        Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        assertTrue(length.find(), head.toString());
        in.readNBytes(Integer.parseInt(length.group(1)));
        return head.toString();
    }

    @Test
    void anOversizedBodyIs413WithAMessageSayingSo() throws Exception {
        HttpResponse<String> r = new WebClient(server).json("POST", "/api/check", "{\"text\": \"" + "a".repeat(1_100_000) + "\"}");
        status(413, r);
        assertTrue(r.body().contains("リクエストの本文が大きすぎます"), r.body());
    }

    @Test
    void aLongPageBehindTheLoginGoesToTheLoginWithoutComingBack() throws Exception {
        Access access = new Access(server.users);
        access.setLoginRequiredForReading(User.OPERATOR, true);
        try {
            HttpResponse<String> r = new WebClient(server).get("/search?q=" + "%E9%9A%9C".repeat(5_000));
            status(303, r);
            assertEquals("/login", r.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> shortOne = new WebClient(server).get("/search?q=DDoS");
            assertEquals("/login?next=%2Fsearch%3Fq%3DDDoS", shortOne.headers().firstValue("Location").orElseThrow());
        } finally {
            access.setLoginRequiredForReading(User.OPERATOR, false);
        }
    }

    @Test
    void casePagesKeepOnlyHttpHttpsMailtoAndRelativeLinks() throws Exception {
        String html = new WebClient(server).get("/cases/" + TestCasebook.HOSTILE_ID).body();
        assertFalse(html.contains("data:text/html") || html.contains("data:image/svg"), "no data: links or images");
        assertFalse(html.contains("javascript:") || html.contains("jav\tascript"), "no script links, tab or not");
        assertTrue(html.contains("データのリンク") && html.contains("タブ入りのリンク"), "their text stays");
        assertTrue(html.contains("href=\"https://example.org/ok\">正しいリンク</a>"), html);
        assertTrue(html.contains("href=\"/cases\">相対リンク</a>"), html);
        assertTrue(html.contains("&lt;img src=x onerror="), "raw HTML shown as text");
    }

    @Test
    void exportsEscapeWhatUsersTypedAndKeepOnlySafeLinks() throws Exception {
        WebClient c = new WebClient(server);
        String note = "<script>alert(1)</script> [押して](javascript:alert(2)) **太字** https://example.org/x";
        status(201, c.json("POST", "/api/tickets", "{\"key\": \"SEC-1\", \"title\": \"<b>件名</b>\", \"system\": \"[s](data:x)\"}",
                "Authorization", bearer(reviewer)));
        status(201, c.json("POST", "/api/tickets/SEC-1/lessons", Json.MAPPER.writeValueAsString(
                java.util.Map.of("lessonId", TestCasebook.HOSTILE_ID + "#L1", "note", note)), "Authorization", bearer(reviewer)));
        String md = c.get("/tickets/SEC-1.md").body();
        assertFalse(Pattern.compile("(?<!\\\\)<(script|b|img)").matcher(md).find(), md);
        assertFalse(Pattern.compile("(?<!\\\\)\\]\\((javascript|data):").matcher(md).find(), md);
        assertTrue(md.contains("\\<script\\>alert(1)\\</script\\>"), md);
        assertTrue(md.contains("\\*\\*太字\\*\\*"), md);

        HttpResponse<String> created = c.json("POST", "/api/curricula", Json.MAPPER.writeValueAsString(java.util.Map.of(
                "title", "<img src=x onerror=alert(1)>", "objectives", java.util.List.of("[x](javascript:alert(3))"),
                "modules", java.util.List.of(java.util.Map.of("title", "m", "caseIds", java.util.List.of(TestCasebook.HOSTILE_ID))))),
                "Authorization", bearer(trainer));
        status(201, created);
        JsonNode curriculum = Json.MAPPER.readTree(created.body());
        String handout = c.get("/curricula/" + curriculum.get("id").asText() + ".md").body();
        Matcher live = Pattern.compile("(?<!\\\\)\\]\\((?!https?:|mailto:|/)").matcher(handout);
        assertFalse(live.find(), "only http, https, mailto or relative link targets: " + handout);
        assertFalse(Pattern.compile("(?<!\\\\)<(script|img|b)\\b").matcher(handout).find(), handout);
        assertTrue(handout.contains("[正しいリンク](https://example.org/ok)"), handout);
    }

    /** One request on a plain socket, written as given (so it can be malformed); the whole response. */
    private static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
