package kb.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import kb.TestCorpus;
import kb.search.SearchRequest;
import kb.store.IndexDirectory;
import kb.store.Json;
import org.apache.lucene.store.AlreadyClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running server follows ingests: new requests see the new generation, running ones finish on theirs. */
class LiveKnowledgeBaseTest {
    @TempDir
    Path tmp;

    /** The test corpus without one of its two halves: fewer cases, same themes. */
    private Path halfCorpus() throws Exception {
        Path half = TestCorpus.copyTo(tmp.resolve("half"));
        try (var files = Files.walk(half.resolve("b"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return half;
    }

    @Test
    void aLeaseKeepsItsGenerationUntilClosedWhileNewLeasesGetTheNewOne() throws Exception {
        IndexDirectory dir = TestCasebook.ingest(TestCorpus.copyTo(tmp.resolve("full")), tmp.resolve("index"));
        try (LiveKnowledgeBase live = LiveKnowledgeBase.open(dir)) {
            LiveKnowledgeBase.Lease before = live.acquire();
            assertEquals(8, before.kb().cases().size());

            TestCasebook.ingest(halfCorpus(), tmp.resolve("index"));
            try (LiveKnowledgeBase.Lease after = live.acquire()) {
                assertEquals(4, after.kb().cases().size());
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
            assertEquals(4, Json.MAPPER.readTree(server.get("/health").body()).get("cases").asInt());
            assertEquals(404, server.get("/cases/2019-04-atm-spec").statusCode(), "a case of the old generation only");
        }
    }
}
