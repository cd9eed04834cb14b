package kb.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kb.store.Json;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import kb.synth.SyntheticCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lessons page and API in pages, on more lessons than one page holds (synthetic cases from the casebook). */
class LessonsPagingTest {
    private static final Path SHIPPED = Path.of(System.getProperty("kb.home", ".")).resolve("corpus");
    private static final Pattern LESSON_LINK = Pattern.compile("<a href=\"/cases/([^\"#]+#L\\d+)\">");

    @TempDir
    static Path tmp;
    static TestServer server;
    static int lessons;
    static Map<String, String> themeOf = new HashMap<>();
    static List<String> themeOrder = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        SyntheticCorpus.from(SHIPPED).write(tmp.resolve("corpus"), 80, 3, () -> {});
        IndexDirectory dir = TestCasebook.ingest(tmp.resolve("corpus"), tmp.resolve("index"));
        try (KnowledgeBase kb = KnowledgeBase.open(dir)) {
            kb.themes().forEach(t -> themeOrder.add(t.name()));
            kb.lessons(l -> {
                themeOf.put(l.lesson().id(), l.lesson().theme());
                return true;
            });
        }
        lessons = themeOf.size();
        server = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String page(String path) throws Exception {
        var r = server.get(path);
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    private static List<String> lessonIds(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = LESSON_LINK.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void everyLessonIsOnExactlyOnePageInTheOrderOfThemes() throws Exception {
        assertTrue(lessons > 200, "more lessons than two pages: " + lessons);
        String first = page("/lessons");
        assertTrue(first.contains("<strong>" + lessons + "</strong> 件の教訓（1〜100 件目）"), first);
        assertTrue(first.contains("<a rel=\"next\" href=\"/lessons?page=2\">"), "a link to the next page");
        assertFalse(first.contains("rel=\"prev\""), "no previous page on the first");
        List<String> all = new ArrayList<>();
        int pages = (lessons + 99) / 100;
        for (int p = 1; p <= pages; p++) {
            List<String> ids = lessonIds(page("/lessons" + (p == 1 ? "" : "?page=" + p)));
            assertEquals(p < pages ? 100 : lessons - 100 * (pages - 1), ids.size(), "lessons on page " + p);
            all.addAll(ids);
        }
        assertEquals(lessons, new HashSet<>(all).size(), "no lesson twice, none left out");
        int last = -1;
        for (String id : all) {
            String theme = themeOf.get(id);
            int position = theme == null ? themeOrder.size() : themeOrder.indexOf(theme);
            assertTrue(position >= last, id + " of " + theme + " after a later theme");
            last = position;
        }
        assertEquals(lessonIds(page("/lessons?page=" + pages)), lessonIds(page("/lessons?page=9999")),
                "a page past the last shows the last");
        for (String far : List.of("21474838", "2147483647")) { // past where page × 100 fits in an int
            assertEquals(lessonIds(page("/lessons?page=" + pages)), lessonIds(page("/lessons?page=" + far)), far);
        }
        assertEquals(400, server.get("/lessons?page=0").statusCode());
    }

    @Test
    void theApiPagesTheSameListAndAThemeOrWordsNarrowIt() throws Exception {
        JsonNode second = Json.MAPPER.readTree(page("/api/lessons?page=2&limit=30"));
        assertEquals(lessons, second.get("total").asInt());
        assertEquals(2, second.get("page").asInt());
        assertEquals(30, second.get("limit").asInt());
        List<String> apiIds = new ArrayList<>();
        second.get("lessons").forEach(l -> apiIds.add(l.get("id").asText()));
        assertEquals(lessonIds(page("/lessons")).subList(30, 60), apiIds);

        String theme = themeOrder.stream().filter(themeOf::containsValue).findFirst().orElseThrow();
        long ofTheme = themeOf.values().stream().filter(theme::equals).count();
        JsonNode themed = Json.MAPPER.readTree(page("/api/lessons?limit=100&theme=" + URLEncoder.encode(theme, StandardCharsets.UTF_8)));
        assertEquals(ofTheme, themed.get("total").asLong());
        themed.get("lessons").forEach(l -> assertEquals(theme, l.get("theme").asText()));

        String q = URLEncoder.encode("障害", StandardCharsets.UTF_8);
        int found = Json.MAPPER.readTree(page("/api/lessons?q=" + q)).get("total").asInt();
        assertTrue(found > 20 && found < lessons, "some lessons, more than two pages of 10: " + found);
        List<String> words = new ArrayList<>();
        for (int p = 1; p <= (found + 9) / 10; p++) {
            Json.MAPPER.readTree(page("/api/lessons?limit=10&q=" + q + "&page=" + p)).get("lessons")
                    .forEach(l -> words.add(l.get("id").asText()));
        }
        assertEquals(lessonIds(page("/lessons?q=" + q)), words, "the API's pages of a search, in the page's order");
        for (String far : List.of("21474837", "21474838", "2147483647")) {
            assertEquals(lessonIds(page("/lessons?q=" + q)), lessonIds(page("/lessons?q=" + q + "&page=" + far)),
                    "a page far past the last shows the last: " + far);
        }
        assertEquals(found, new HashSet<>(words).size(), "the pages of a search hold every lesson it found once");
    }
}
