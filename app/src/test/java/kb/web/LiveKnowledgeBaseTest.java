package kb.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import kb.TestCorpus;
import kb.search.SearchRequest;
import kb.store.IndexDirectory;
import kb.store.Json;
import org.apache.lucene.store.AlreadyClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server follows ingests: a background thread opens each new generation; new requests see it, running
 * ones finish on theirs; a generation that cannot be opened leaves the old one serving.
 */
class LiveKnowledgeBaseTest {
    @TempDir
    Path tmp;

    /** The test corpus without one of its two halves: fewer cases, same themes. */
    private Path halfCorpus() throws Exception {
        Path half = TestCorpus.copyTo(tmp.resolve("half"));
        try (var files = Files.walk(half.resolve("b"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return half;
    }

    /** Waits (a bounded time) until {@code condition} holds: the switch happens on the server's own thread. */
    static void await(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.call()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }

    private static Path leased(LiveKnowledgeBase live) {
        try (LiveKnowledgeBase.Lease lease = live.lease()) {
            return lease.kb().generation();
        }
    }

    @Test
    void aLeaseKeepsItsGenerationUntilClosedWhileNewLeasesGetTheNewOne() throws Exception {
        IndexDirectory dir = TestCasebook.ingest(TestCorpus.copyTo(tmp.resolve("full")), tmp.resolve("index"));
        try (LiveKnowledgeBase live = LiveKnowledgeBase.open(dir)) {
            LiveKnowledgeBase.Lease before = live.lease();
            assertEquals(8, before.kb().count());

            TestCasebook.ingest(halfCorpus(), tmp.resolve("index"));
            Path published = dir.current().orElseThrow();
            await("the new generation", () -> leased(live).equals(published));
            try (LiveKnowledgeBase.Lease after = live.lease()) {
                assertEquals(4, after.kb().count());
                assertNotEquals(before.kb().generation(), after.kb().generation());
                // The request that started before the switch can still search its generation…
                assertEquals(8, before.kb().searcher().search(SearchRequest.of("", 10)).total());
                before.close();
                // …which is closed once that request is done.
                assertThrows(AlreadyClosedException.class, () -> before.kb().searcher().search(SearchRequest.of("", 10)));
                assertEquals(4, after.kb().searcher().search(SearchRequest.of("", 10)).total());
            }
        }
    }

    @Test
    void theServerAnswersFromTheNewGenerationAfterAnIngest() throws Exception {
        IndexDirectory dir = TestCasebook.ingest(TestCorpus.copyTo(tmp.resolve("full")), tmp.resolve("index"));
        try (TestServer server = new TestServer(dir)) {
            assertEquals(8, Json.MAPPER.readTree(server.get("/health").body()).get("cases").asInt());
            TestCasebook.ingest(halfCorpus(), tmp.resolve("index"));
            await("the server on the new generation",
                    () -> Json.MAPPER.readTree(server.get("/health").body()).get("cases").asInt() == 4);
            assertEquals(404, server.get("/cases/2019-04-atm-spec").statusCode(), "a case of the old generation only");
        }
    }

    @Test
    void aGenerationThatCannotBeOpenedLeavesTheOldOneServingAndIsLoggedOnce() throws Exception {
        IndexDirectory dir = TestCasebook.ingest(TestCorpus.copyTo(tmp.resolve("full")), tmp.resolve("index"));
        Path good = dir.current().orElseThrow();
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (LiveKnowledgeBase live = LiveKnowledgeBase.open(dir)) {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            // A generation published broken (say, a disk error left its database unreadable).
            Path broken = Files.createDirectories(dir.root().resolve("gen-broken/lucene"));
            Files.writeString(broken.resolveSibling("cases.db"), "not a database");
            Files.writeString(dir.root().resolve("CURRENT"), "gen-broken\n");
            Thread.sleep(4000); // several attempts: right away, then after 2 s
            String warnings = log.toString(StandardCharsets.UTF_8);
            assertEquals(1, warnings.split("cannot open the new generation gen-broken", -1).length - 1, warnings);
            assertEquals(good, leased(live), "still serving the generation that opened");
            try (LiveKnowledgeBase.Lease lease = live.lease()) {
                assertEquals(8, lease.kb().searcher().search(SearchRequest.of("", 10)).total());
            }

            TestCasebook.ingest(TestCorpus.copyTo(tmp.resolve("again")), tmp.resolve("index"));
            Path fixed = dir.current().orElseThrow();
            await("the next good generation", () -> leased(live).equals(fixed));
        } finally {
            System.setErr(stderr);
        }
    }
}
