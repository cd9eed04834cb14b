package kb.web;

import static kb.web.WorkflowsTest.bearer;
import static kb.web.WorkflowsTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kb.store.Json;
import kb.users.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk while serving (503, /health reports it and recovers), and lists the API hands out a page at a time. */
class OperationsWebTest {
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

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static HttpResponse<String> createTicket(String key) throws Exception {
        return new WebClient(server).json("POST", "/api/tickets",
                "{\"key\": \"" + key + "\", \"title\": \"容量試験\", \"system\": \"勘定系\"}", "Authorization", bearer(reviewer));
    }

    @Test
    void aWriteThatFindsTheDiskFullIs503AndHealthSaysSoUntilSpaceIsBack() throws Exception {
        status(200, new WebClient(server).get("/health"));
        // SQLite's own SQLITE_FULL, as on a full disk: users.db may not grow by a single page.
        server.users.write(c -> c.createStatement().execute("PRAGMA max_page_count = "
                + c.createStatement().executeQuery("PRAGMA page_count").getLong(1)));
        try {
            HttpResponse<String> full = null;
            for (int i = 0; i < 50 && (full == null || full.statusCode() == 201); i++) {
                full = createTicket("FULL-" + i);
            }
            status(503, full);
            assertEquals("60", full.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(json(full).get("error").asText().startsWith("ディスクの空き容量が不足しているため保存できませんでした"), full.body());

            HttpResponse<String> form = WebClient.signedIn(server, "rev", TestServer.PASSWORD)
                    .post("/tickets", "key", "FULL-PAGE", "title", "t", "system", "s");
            status(503, form);
            assertTrue(form.body().contains("ディスクの空き容量が不足"), form.body());

            HttpResponse<String> health = new WebClient(server).get("/health");
            status(503, health);
            assertEquals("fault", json(health).get("status").asText());
            assertTrue(json(health).get("problem").asText().startsWith("users.db: ディスクの空き容量が不足"), health.body());
            status(200, new WebClient(server).get("/search?q=DDoS"));
        } finally {
            server.users.write(c -> c.createStatement().execute("PRAGMA max_page_count = 1073741823"));
        }
        HttpResponse<String> recovered = new WebClient(server).get("/health");
        status(200, recovered);
        assertEquals("{\"status\":\"ok\",\"cases\":9}", recovered.body());
        status(201, createTicket("AFTER-1"));
    }

    @Test
    void ticketsAndCurriculaComeAPageAtATime() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(json(createTicket("PAGE-" + i)).get("key").asText());
            status(201, new WebClient(server).json("POST", "/api/curricula", "{\"title\": \"研修 " + i + "\"}",
                    "Authorization", bearer(trainer)));
        }
        WebClient c = new WebClient(server);
        JsonNode first = json(c.get("/api/tickets?limit=2"));
        long total = first.get("total").asLong();
        assertTrue(total >= 3);
        assertEquals(1, first.get("page").asInt());
        assertEquals(2, first.get("limit").asInt());
        assertEquals(2, first.get("tickets").size());
        assertEquals("PAGE-2", first.get("tickets").get(0).get("key").asText(), "most recently updated first");
        JsonNode last = json(c.get("/api/tickets?limit=2&page=" + (total + 1) / 2));
        assertEquals(total % 2 == 0 ? 2 : 1, last.get("tickets").size());
        assertEquals(0, json(c.get("/api/tickets?page=999")).get("tickets").size());
        assertEquals(50, json(c.get("/api/tickets")).get("limit").asInt());

        JsonNode curricula = json(c.get("/api/curricula?limit=1&page=2"));
        assertEquals(1, curricula.get("curricula").size());
        assertEquals("研修 1", curricula.get("curricula").get(0).get("title").asText());

        for (String bad : List.of("limit=0", "limit=101", "page=0", "page=x", "limit=1.5")) {
            HttpResponse<String> r = c.get("/api/tickets?" + bad);
            status(400, r);
            assertTrue(json(r).get("error").asText().startsWith(bad.substring(0, bad.indexOf('='))), r.body());
        }
    }
}
