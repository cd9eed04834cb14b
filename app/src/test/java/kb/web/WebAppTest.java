package kb.web;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kb.store.IndexDirectory;
import kb.store.Json;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every route and error case over HTTP, against a started server on the test corpus. */
class WebAppTest {
    @TempDir
    static Path tmp;
    static IndexDirectory dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = TestCasebook.ingest(tmp);
        server = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    static HttpResponse<String> ok(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return r;
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), "JSON content type");
        return Json.MAPPER.readTree(r.body());
    }

    // ---- pages ----

    @Test
    void homeShowsSearchTriggersWithCountsRecentCasesAndLessons() throws Exception {
        String html = ok("/").body();
        assertAll(
                () -> assertTrue(html.contains("<html lang=\"ja\">")),
                () -> assertTrue(html.contains("<title>トップ | 障害事例ナレッジベース</title>")),
                () -> assertTrue(html.contains("action=\"/search\"")),
                () -> assertTrue(html.contains("href=\"/triggers/operations\""), "trigger links"),
                () -> assertTrue(html.contains("日常の運用・保守等の過程の中で発生"), "trigger description"),
                () -> assertTrue(html.contains("<span class=\"count\">2 件</span>"), "per-trigger counts"),
                () -> assertTrue(html.contains("href=\"/cases/2025-01-bank-ddos\""), "newest case listed"),
                () -> assertTrue(html.contains("href=\"/cases/2025-01-bank-ddos#L1\""), "a lesson links to its anchor"));
    }

    @Test
    void searchHighlightsMatchesAndOffersFacetsThatKeepTheQuery() throws Exception {
        String html = ok("/search?q=DDoS").body();
        assertTrue(html.contains("<mark>DDoS</mark>"), "highlighted snippet");
        assertTrue(html.contains("<strong>1</strong> 件"), "total");
        assertTrue(html.contains("href=\"/search?q=DDoS&amp;trigger=attack\""), "trigger facet keeps q");
        assertTrue(html.contains("href=\"/search?q=DDoS&amp;industry=%E9%8A%80%E8%A1%8C\""), "industry facet keeps q");
        assertTrue(html.contains("href=\"/search?q=DDoS&amp;year=2025\""), "year facet keeps q");
        assertTrue(html.contains("href=\"/search?q=DDoS&amp;pattern=DDoS%E6%94%BB%E6%92%83\""), "pattern facet keeps q");
    }

    @Test
    void facetNarrowsTheSearchAndCanBeRemoved() throws Exception {
        String all = ok("/search").body();
        assertTrue(all.contains("<strong>9</strong> 件"), all);
        assertTrue(all.contains("<summary>ほか 1 件</summary>"), "13 patterns: 12 shown, 1 folded away");
        String html = ok("/search?trigger=integration&sort=date").body();
        assertTrue(html.contains("<strong>2</strong> 件"));
        assertTrue(html.contains("href=\"/cases/2023-10-relay-replacement\""));
        assertFalse(html.contains("href=\"/cases/2025-01-bank-ddos\""));
        // The chip that removes the filter keeps the other parameters.
        assertTrue(html.contains("class=\"chip\" href=\"/search?sort=date\""), "removal link");
    }

    @Test
    void sortsByDateAndPaginates() throws Exception {
        String page1 = ok("/search?sort=date&limit=3").body();
        List<String> ids = caseLinks(page1);
        assertEquals(List.of("2025-01-bank-ddos", "2024-07-edr-update", "2024-05-wallet-outflow"), ids);
        assertTrue(page1.contains("1 / 3 ページ"));
        assertTrue(page1.contains("href=\"/search?sort=date&amp;page=2&amp;limit=3\""), "next link");
        String page3 = ok("/search?sort=date&limit=3&page=3").body();
        assertEquals(List.of("2020-10-exchange-failover", "2019-04-atm-spec", "2012-08-trading-deploy"), caseLinks(page3));
        assertTrue(page3.contains("rel=\"prev\""));
        assertFalse(page3.contains("rel=\"next\""));
    }

    @Test
    void zeroResultsNameTheUnmatchedWordsAndSuggestSearches() throws Exception {
        String html = ok("/search?q=" + enc("ぬぬぬぬ") + "&trigger=attack").body();
        assertTrue(html.contains("該当する事例はありませんでした"));
        assertTrue(html.contains("<span class=\"unmatched\">ぬぬぬぬ</span>"));
        assertTrue(html.contains("絞り込みを解除して"), "suggests dropping the filter");
        assertFalse(html.contains("href=\"/search?pattern="), "no fixed list of patterns");
        // The help depends on what was typed: the words that begin like the word that matched nothing.
        String typo = ok("/search?q=" + enc("冗長構造ぬぬ")).body();
        String zqx = ok("/search?q=" + enc("DDoZzz")).body();
        assertTrue(zqx.contains("該当する事例はありませんでした"), zqx);
        assertTrue(zqx.contains("「DDoS攻撃」で検索") || zqx.contains("「DDoS」で検索"), "words beginning like DDoZzz");
        assertFalse(typo.contains("「DDoS"), "another query, other help");
    }

    @Test
    void relaxedSearchShowsCasesWithSomeOfTheWords() throws Exception {
        String html = ok("/search?q=" + enc("DDoS ぬぬぬ")).body();
        assertTrue(html.contains("いずれかの語を含む事例を表示しています"));
        assertTrue(html.contains("<span class=\"unmatched\">ぬぬぬ</span>"));
        assertTrue(html.contains("href=\"/cases/2025-01-bank-ddos\""));
    }

    @Test
    void casesWithSomeOfTheWordsFollowThoseWithAllAndThePageSaysWhere() throws Exception {
        String html = ok("/search?q=" + enc("ATM 取り込む")).body();
        assertTrue(html.contains("件目からは、一部の語を含む事例を表示しています"), html);
        assertTrue(html.contains("<li class=\"partial\">"), "partial hits are marked");
        int exact = html.indexOf("href=\"/cases/2021-02-batch-capacity\"");
        assertTrue(exact > 0 && exact < html.indexOf("<li class=\"partial\">"), "the case with every word comes first");
    }

    @Test
    void casePageShowsMetadataSectionsLessonAnchorsSourcesAndRelated() throws Exception {
        String html = ok("/cases/2025-01-bank-ddos").body();
        assertAll(
                () -> assertTrue(html.contains("<title>架空の銀行のインターネットバンキングがDDoS攻撃で接続困難に | 障害事例ナレッジベース</title>")),
                () -> assertTrue(html.contains("<time>2025-01-06</time>")),
                () -> assertTrue(html.contains("事例に記載された分類"), "declared trigger"),
                () -> assertTrue(html.contains("<h2>原因</h2>")),
                () -> assertTrue(html.contains("<p>大量の通信を送りつける攻撃に対し"), "Markdown rendered"),
                () -> assertTrue(html.contains("<li id=\"L1\">")),
                () -> assertTrue(html.contains("<li id=\"L2\">")),
                () -> assertTrue(html.contains("href=\"/themes/DDoS%E5%AF%BE%E7%AD%96\""), "lesson theme link"),
                () -> assertTrue(html.contains("テスト用の架空の出典「架空の報告書」（2025-01）")),
                () -> assertTrue(html.contains("関連する事例")));
    }

    @Test
    void hostileCaseTextIsShownAsTextAndUnsafeLinksAreDropped() throws Exception {
        String html = ok("/cases/" + TestCasebook.HOSTILE_ID).body();
        assertFalse(inlineScript(html), "no script element but the site's own file");
        assertFalse(html.contains("<img"), "raw HTML dropped");
        assertFalse(html.contains("javascript:"), "no javascript: links");
        assertFalse(html.contains("<b>"), "source title escaped");
        assertTrue(html.contains("<h1>架空の銀行で&lt;script&gt;alert("), "title shown as text");
        assertTrue(html.contains("&lt;script&gt;alert("), "body shown as text");
        assertTrue(html.contains("<strong>多要素認証</strong>"), "Markdown emphasis still rendered");
        assertTrue(html.contains("href=\"https://example.org/report\""), "web sources are links");
        assertTrue(html.contains("本文から推定: 確信度"), "inferred trigger with confidence");
        assertTrue(html.contains("根拠語"), "evidence words");
    }

    @Test
    void triggerPageHasDescriptionCasesAndAServerRenderedChart() throws Exception {
        String html = ok("/triggers/attack").body();
        assertTrue(html.contains("サイバー攻撃、不正アクセス等の意図的なもの"));
        assertTrue(html.contains("<svg viewBox="));
        assertTrue(html.contains("<title>2025 サイバー攻撃・不正アクセス: 1 件</title>"), "bar with its count");
        assertTrue(html.contains("href=\"/cases/2024-05-wallet-outflow\""));
        assertFalse(html.contains("href=\"/cases/2019-04-atm-spec\""), "other triggers' cases are not listed");
        assertFalse(inlineScript(html), "no JS chart code");
        assertTrue(ok("/triggers/attack?page=99").body().contains("href=\"/cases/2024-05-wallet-outflow\""),
                "a page past the last shows the last");
    }

    @Test
    void lessonsAreGroupedByThemeSearchableAndLinkToTheirAnchors() throws Exception {
        String html = ok("/lessons").body();
        assertTrue(html.contains("<a href=\"/themes/DDoS%E5%AF%BE%E7%AD%96\">DDoS対策</a>"), "theme group heading");
        assertTrue(html.contains("テーマなし"), "lessons without a theme");
        assertTrue(html.contains("href=\"/cases/2025-01-bank-ddos#L1\""));
        String found = ok("/lessons?q=" + enc("ＤＤｏＳ")).body(); // full-width input finds the ASCII word
        assertTrue(found.contains("<strong>1</strong> 件の教訓"), found);
        String themed = ok("/lessons?theme=" + enc("多要素認証")).body();
        assertTrue(themed.contains("href=\"/cases/" + TestCasebook.HOSTILE_ID + "#L1\""));
        assertFalse(themed.contains("href=\"/cases/2025-01-bank-ddos#L1\""));
    }

    @Test
    void lessonsAreFoundWithTheSearchsAnalysis() throws Exception {
        // The lesson writes 切替; 切り替え is the same word with its okurigana (the thesaurus says so).
        JsonNode compact = json(ok("/api/lessons?q=" + enc("切替")));
        JsonNode spelled = json(ok("/api/lessons?q=" + enc("切り替え")));
        assertEquals(List.of("2020-10-exchange-failover#L1"), lessonIds(compact));
        assertEquals(lessonIds(compact), lessonIds(spelled));
        assertEquals(List.of(), lessonIds(json(ok("/api/lessons?q=" + enc("切替 承認")))),
                "every word in the same lesson: the case has both, no lesson has");
    }

    private static List<String> lessonIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("lessons").forEach(l -> ids.add(l.get("id").asText()));
        return ids;
    }

    @Test
    void suggestionsCompleteTheLastWordByWritingOrReading() throws Exception {
        JsonNode r = json(ok("/api/suggest?q=" + enc("障害 ばいばい") + "&limit=5"));
        assertEquals("障害 ばいばい", r.get("q").asText());
        List<String> texts = new ArrayList<>();
        r.get("suggestions").forEach(s -> texts.add(s.get("text").asText()));
        assertTrue(texts.contains("売買停止"), "ばいばい reads as 売買: " + texts);
        JsonNode word = r.get("suggestions").get(0);
        assertEquals("障害 " + word.get("text").asText(), word.get("query").asText(), "the words before are kept");
        assertEquals("/search?q=" + enc(word.get("query").asText()).replace("+", "%20"), word.get("url").asText());
        JsonNode cases = json(ok("/api/suggest?q=" + enc("架空の取引所")));
        JsonNode aCase = cases.get("suggestions").get(cases.get("suggestions").size() - 1);
        assertEquals("case", aCase.get("kind").asText());
        assertEquals("/cases/2020-10-exchange-failover", aCase.get("url").asText());
        assertEquals(0, json(ok("/api/suggest?q=")).get("suggestions").size());
    }

    @Test
    void aQueryTypedInKanaOffersTheWordsAsADidYouMean() throws Exception {
        JsonNode r = json(ok("/api/search?q=" + enc("ばいばいていし")));
        assertEquals("売買停止", r.get("didYouMean").get("query").asText());
        assertEquals("READING", r.get("didYouMean").get("reason").asText());
        String html = ok("/search?q=" + enc("ばいばいていし")).body();
        assertTrue(html.contains("もしかして: <a href=\"/search?q=%E5%A3%B2%E8%B2%B7%E5%81%9C%E6%AD%A2\""), html);
        assertTrue(json(ok("/api/search?q=DDoS")).get("didYouMean").isNull(), "none when the words are the cases' own");
    }

    @Test
    void themePageShowsTheThemeAndItsLessons() throws Exception {
        String html = ok("/themes/" + enc("DDoS対策").replace("+", "%20")).body();
        assertTrue(html.contains("<h1>テーマ: DDoS対策</h1>"));
        assertTrue(html.contains("href=\"/cases/2025-01-bank-ddos#L1\""));
        assertFalse(html.contains("href=\"/cases/2025-01-bank-ddos#L2\""), "the case's unthemed lesson is not listed");
    }

    @Test
    void statsChartsCountsByYearTriggerAndIndustry() throws Exception {
        String html = ok("/stats").body();
        assertTrue(html.contains("年別・発生の端緒別の事例数"));
        assertTrue(html.contains("業態別の事例数"));
        assertTrue(html.contains("<title>銀行: 4 件</title>"), html);
        assertTrue(html.contains("<title>2024 日常の運用・保守: 1 件</title>"));
        assertTrue(html.contains("<td>9</td>") || html.contains("<th scope=\"row\">"), "year table");
    }

    @Test
    void assetsAreServedFromTheApp() throws Exception {
        HttpResponse<String> css = ok("/assets/style.css");
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        for (String page : List.of("/", "/search?q=DDoS", "/cases/2025-01-bank-ddos", "/stats", "/lessons")) {
            Matcher external = Pattern.compile("(?:src|href)=\"(?:https?:)?//").matcher(ok(page).body().replace("href=\"https://example.org", ""));
            assertFalse(external.find(), page + " refers to another host");
        }
    }

    // ---- JSON API ----

    @Test
    void apiSearchAnswersTheDocumentedShape() throws Exception {
        JsonNode r = json(ok("/api/search?q=DDoS"));
        List<String> fields = new ArrayList<>();
        r.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("query", "total", "exact", "hits", "facets", "didYouMean"), fields);
        assertEquals("DDoS", r.get("query").asText());
        assertEquals(1, r.get("total").asInt());
        JsonNode hit = r.get("hits").get(0);
        for (String f : List.of("id", "title", "trigger", "date", "score", "snippet")) {
            assertTrue(hit.has(f), f);
        }
        assertTrue(hit.get("snippet").asText().contains("<mark>DDoS</mark>"));
        assertEquals(1, r.get("facets").get("trigger").get("attack").asInt());
        for (String dim : List.of("trigger", "industry", "year", "pattern")) {
            assertTrue(r.get("facets").has(dim), dim);
        }
    }

    @Test
    void apiSearchFiltersAndLimits() throws Exception {
        JsonNode r = json(ok("/api/search?trigger=attack&sort=date&limit=1"));
        assertEquals(3, r.get("total").asInt()); // two declared plus the hostile case, inferred as an attack
        assertEquals(1, r.get("hits").size());
        assertEquals("2025-01-bank-ddos", r.get("hits").get(0).get("id").asText());
        JsonNode page2 = json(ok("/api/search?trigger=attack&sort=date&limit=1&page=2"));
        assertNotEquals("2025-01-bank-ddos", page2.get("hits").get(0).get("id").asText());
    }

    @Test
    void apiCaseIsTheShowJsonObject() throws Exception {
        String body = ok("/api/cases/2019-04-atm-spec").body();
        try (KnowledgeBase kb = KnowledgeBase.open(dir)) {
            assertEquals(Json.MAPPER.writeValueAsString(kb.find("2019-04-atm-spec").orElseThrow()), body);
        }
    }

    @Test
    void apiRelatedThemesLessonsAndHealth() throws Exception {
        JsonNode related = json(ok("/api/cases/2025-01-bank-ddos/related"));
        assertEquals("2025-01-bank-ddos", related.get("id").asText());
        assertTrue(related.get("related").isArray());
        related.get("related").forEach(h -> assertNotEquals("2025-01-bank-ddos", h.get("id").asText()));

        JsonNode themes = json(ok("/api/themes"));
        JsonNode ddos = null;
        for (JsonNode t : themes) {
            if (t.get("name").asText().equals("DDoS対策")) {
                ddos = t;
            }
        }
        assertEquals(1, ddos.get("lessons").asInt());

        JsonNode lessons = json(ok("/api/lessons?theme=" + enc("多要素認証")));
        assertEquals(1, lessons.get("total").asInt());
        assertEquals(TestCasebook.HOSTILE_ID + "#L1", lessons.get("lessons").get(0).get("id").asText());
        assertEquals(TestCasebook.HOSTILE_ID, lessons.get("lessons").get(0).get("caseId").asText());
        assertEquals(0, json(ok("/api/lessons?q=" + enc("ぬぬぬ"))).get("total").asInt());

        JsonNode health = json(ok("/health"));
        assertEquals("ok", health.get("status").asText());
        assertEquals(9, health.get("cases").asInt());
    }

    @Test
    void everyOperationOfTheOpenApiFileIsRouted() throws Exception {
        JsonNode spec = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of(System.getProperty("kb.home", "."), "docs", "openapi.yaml").toFile());
        List<String> paths = new ArrayList<>();
        spec.get("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(14, paths.size());
        WebClient anonymous = new WebClient(server);
        for (String path : paths) {
            for (String method : List.of("get", "post", "put", "delete")) {
                if (!spec.get("paths").get(path).has(method)) {
                    continue;
                }
                String url = path.replace("{id}", path.startsWith("/api/cases/") ? "2025-01-bank-ddos" : "999")
                        .replace("{key}", "NO-1").replace("{lessonId}", "x%23L1");
                HttpResponse<String> r = anonymous.json(method.toUpperCase(java.util.Locale.ROOT), url, "{}");
                String what = method + " " + url + " → " + r.statusCode() + " " + r.body();
                // Reads of what exists answer; the rest are refused by their handler, not by the router.
                if (method.equals("get") && !url.contains("999") && !url.contains("NO-1")) {
                    assertEquals(200, r.statusCode(), what);
                }
                assertTrue(List.of(200, 400, 401, 404).contains(r.statusCode()), what);
                assertFalse(json(r).toString().contains("お探しのページは見つかりません"), what);
            }
        }
    }

    // ---- errors and odd input ----

    @ParameterizedTest
    @ValueSource(strings = {"/search?page=-1", "/search?page=abc", "/search?page=0", "/search?page=1001",
            "/search?trigger=nope", "/search?sort=random", "/search?year=20x4", "/search?limit=101",
            "/lessons?theme=nope", "/triggers/attack?page=0", "/triggers/attack?page=abc"})
    void badParametersAnswer400InJapanese(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("<html lang=\"ja\">") && r.body().contains("リクエストが正しくありません"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/search?page=-1", "/api/search?page=abc", "/api/search?trigger=nope",
            "/api/search?limit=101", "/api/search?limit=0", "/api/search?sort=random", "/api/lessons?theme=nope",
            "/api/suggest?q=a&limit=0", "/api/suggest?q=a&limit=x", "/api/suggest?q=a&limit=21"})
    void badApiParametersAnswer400InJson(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertEquals(400, r.statusCode());
        assertFalse(json(r).get("error").asText().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cases/no-such-case", "/triggers/nope", "/themes/nope", "/no/such/page", "/assets/nope.css"})
    void unknownPagesAnswer404InJapanese(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("<html lang=\"ja\">") && r.body().contains("見つかりません"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/cases/no-such-case", "/api/cases/no-such-case/related", "/api/nope"})
    void unknownApiPathsAnswer404InJson(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertEquals(404, r.statusCode());
        assertFalse(json(r).get("error").asText().isBlank());
    }

    @Test
    void queriesWithMarkupAreShownAsText() throws Exception {
        String html = ok("/search?q=" + enc("<script>alert(1)</script>")).body();
        assertFalse(html.contains("<script>alert(1)"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        JsonNode api = json(ok("/api/search?q=" + enc("<script>")));
        assertEquals("<script>", api.get("query").asText()); // JSON carries the text; escaping is the client's job
    }

    @Test
    void veryLongQueriesAreTruncatedNotRefused() throws Exception {
        String html = ok("/search?q=" + "あ".repeat(5000)).body();
        assertTrue(html.contains("検索語が長すぎるため"));
        ok("/api/search?q=" + "a%20".repeat(2000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/search?q=%", "/search?q=%zz", "/search?q=%E3", "/api/search?q=%", "/lessons?q=%25%",
            "/search?q=%22", "/search?q=-", "/search?q=AND%20OR", "/search?q=*", "/search?q=%5C", "/search?q=title:x",
            "/cases/%2e%2e", "/search?industry=%00", "/search?q=%E3%80%80"})
    void oddInputNeverAnswers500(String path) throws Exception {
        String statusLine = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").get(0);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        assertTrue(status == 200 || status == 400 || status == 404, path + " → " + status);
    }

    @Test
    void malformedPathsGetAJapanese400WithTheHeaders() throws Exception {
        List<String> response = raw("GET /% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(response.get(0).startsWith("HTTP/1.1 400"), response.get(0));
        String all = String.join("\n", response);
        assertTrue(all.contains("X-Content-Type-Options: nosniff"), all);
        assertTrue(all.contains("リクエストが正しくありません"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/search?q=DDoS", "/cases/2025-01-bank-ddos", "/api/search", "/health",
            "/assets/style.css", "/no/such/page", "/api/nope", "/search?page=-1"})
    void everyResponseCarriesTheSecurityHeaders(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(r.headers().firstValue("Referrer-Policy").isPresent());
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""));
    }

    /** A script element other than one loading a file of this site's assets. */
    static boolean inlineScript(String html) {
        return java.util.regex.Pattern.compile("<script(?![^>]* src=\"/assets/[a-z-]+\\.js\")").matcher(html).find();
    }

    @Test
    void pagesUseNoInlineScriptsOrStyles() throws Exception {
        for (String page : List.of("/", "/search?q=DDoS", "/cases/2025-01-bank-ddos", "/triggers/attack", "/stats", "/lessons",
                "/check", "/tickets", "/curricula", "/login")) {
            String html = ok(page).body();
            assertFalse(inlineScript(html), page);
            assertTrue(html.contains("<script src=\"/assets/casebook.js\" defer></script>"), page);
            assertFalse(html.contains("<style"), page);
            assertFalse(html.contains(" style=\""), page);
        }
    }

    /** Sends {@code request} as written (HttpClient refuses malformed URIs); answers the response lines. */
    private static List<String> raw(String request) throws IOException {
        int port = Integer.parseInt(server.url("").replaceAll(".*:", ""));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r\n"));
        }
    }

    private static List<String> caseLinks(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<a class=\"title\" href=\"/cases/([^\"#]+)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
