package kb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import kb.TestCorpus;
import kb.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract, end to end: ingest a corpus into a temp dir, then search and show through {@link Kb}. */
class CliTest {
    record Run(int code, String out, String err) {}

    static Run kb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kb.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void serveRefusesABaseUrlThatIsNotAnHttpAddress(@TempDir Path tmp) {
        for (String bad : new String[] {"kb.example.jp", "ftp://kb.example.jp", "https://", "https://kb example"}) {
            Run serve = kb("serve", "--index", tmp.toString(), "--base-url", bad);
            assertEquals(2, serve.code(), bad + ": " + serve.err());
            assertTrue(serve.err().contains("--base-url は http:// か https:// で始まるアドレスにしてください"), serve.err());
        }
    }

    @Test
    void ingestSearchAndShow(@TempDir Path tmp) throws Exception {
        String index = tmp.resolve("index").toString();
        Run ingest = kb("ingest", "--corpus", TestCorpus.dir().toString(), "--index", index);
        assertEquals(0, ingest.code(), ingest.err());
        assertTrue(ingest.out().contains("8 件"), ingest.out());

        Run search = kb("search", "--index", index, "--json", "--limit", "5", "冗長構成");
        assertEquals(0, search.code(), search.err());
        JsonNode json = Json.MAPPER.readTree(search.out());
        assertEquals("冗長構成", json.get("query").asText());
        assertTrue(json.get("total").asInt() >= 1);
        JsonNode hit = json.get("hits").get(0);
        for (String field : new String[] {"id", "title", "trigger", "date", "score", "passages"}) {
            assertTrue(hit.has(field), field);
        }
        JsonNode passage = hit.get("passages").get(0);
        JsonNode match = passage.get("matches").get(0);
        assertEquals("冗長構成", passage.get("text").asText().substring(match.get("start").asInt(), match.get("end").asInt()));
        assertEquals(3, json.size(), "exactly query, total, hits");

        Run text = kb("search", "--index", index, "DDoS");
        assertTrue(text.out().contains("【DDoS】"), text.out());

        Run show = kb("show", "--index", index, "--json", "2020-10-exchange-failover");
        assertEquals(0, show.code(), show.err());
        JsonNode c = Json.MAPPER.readTree(show.out());
        assertEquals("operations", c.get("trigger").asText());
        assertEquals("declared", c.get("triggerSource").asText());
        assertTrue(c.get("sections").has("概要"));
        assertEquals("2020-10-exchange-failover#L1", c.get("lessons").get(0).get("id").asText());
        for (String field : new String[] {"id", "title", "date", "industry", "organization", "trigger", "triggerSource",
                "triggerConfidence", "triggerEvidence", "patterns", "systems", "sections", "lessons", "sources"}) {
            assertTrue(c.has(field), field);
        }
        Run readable = kb("show", "--index", index, "2020-10-exchange-failover");
        assertTrue(readable.out().contains("発生の端緒"), readable.out());
    }

    @Test
    void benchScoresAJudgedSetOverItsOwnCorpusBesideTheBaselines(@TempDir Path tmp) throws Exception {
        Path judged = tmp.resolve("judged.yaml");
        Files.writeString(judged, "- {query: DDoS, relevant: [2025-01-bank-ddos]}\n"
                + "- {query: 冗長構成 切替, relevant: [2020-10-exchange-failover], partial: [2019-04-atm-spec]}\n");
        Run bench = kb("bench", "--queries", judged.toString(), "--corpus", TestCorpus.dir().toString(), "--rounds", "1");
        assertEquals(0, bench.code(), bench.err());
        for (String line : new String[] {"2 queries, 8 cases", "this search", "JapaneseAnalyzer OR", "CJKAnalyzer bigrams OR",
                "this search − JapaneseAnalyzer OR", "latency over 2 searches"}) {
            assertTrue(bench.out().contains(line), line + " in\n" + bench.out());
        }
        assertEquals(2, kb("bench", "--corpus", TestCorpus.dir().toString()).code(), "--corpus without --queries");
    }

    @Test
    void exitCodesAndMessages(@TempDir Path tmp) throws Exception {
        String index = tmp.resolve("index").toString();
        assertEquals(0, kb("ingest", "--corpus", TestCorpus.dir().toString(), "--index", index).code());
        Run unknown = kb("show", "--index", index, "no-such-case");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no-such-case"));
        assertEquals(2, kb("search", "--index", index, "--limit", "500", "x").code());
        Run badTrigger = kb("search", "--index", index, "--trigger", "fire", "x");
        assertEquals(2, badTrigger.code());
        assertTrue(badTrigger.err().contains("fire"));
        assertEquals(2, kb("ingest", "--corpus", tmp.resolve("missing").toString(), "--index", index).code());
        assertEquals(2, kb("frobnicate").code());
        Run noKb = kb("search", "--index", tmp.resolve("empty").toString(), "x");
        assertEquals(1, noKb.code());
        assertTrue(noKb.err().contains("kb ingest"), noKb.err());
        assertFalse(noKb.err().contains("Exception"), noKb.err());
        assertEquals(0, kb("ingest", "--help").code());
    }

    @Test
    void taggerEvalScoresAHeldOutSetOfLabelledReports(@TempDir Path tmp) throws Exception {
        Run eval = kb("tagger-eval", "--corpus", TestCorpus.dir().toString(), "--test", TestCorpus.dir().toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().startsWith("held-out test on 8 labelled reports: accuracy "), eval.out());
        assertTrue(eval.out().contains("special-work"), eval.out());

        Path unlabelled = TestCorpus.copyTo(tmp.resolve("unlabelled"));
        try (var files = Files.walk(unlabelled)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                Files.writeString(f, Files.readString(f).replaceAll("(?m)^trigger: .*\\n", ""));
            }
        }
        Run nothing = kb("tagger-eval", "--test", unlabelled.toString());
        assertEquals(1, nothing.code());
        assertTrue(nothing.err().contains("nothing to score"), nothing.err());
    }

    @Test
    void aRejectedFileIsNamedAndTheRestIsIngested(@TempDir Path tmp) throws Exception {
        Path corpus = TestCorpus.copyTo(tmp.resolve("c"));
        Files.writeString(corpus.resolve("a/bad-date.md"), "---\ntitle: t\ndate: 2024-13\nindustry: 銀行\n---\n## 概要\nx\n");
        String index = tmp.resolve("index").toString();
        Run ingest = kb("ingest", "--corpus", corpus.toString(), "--index", index);
        assertEquals(1, ingest.code());
        assertTrue(ingest.err().contains("bad-date.md:3: error: no such date"), ingest.err());
        assertTrue(ingest.out().contains("8 件"), ingest.out());
        assertEquals(0, kb("show", "--index", index, "2019-04-atm-spec").code());
    }

    @Test
    void reingestIsIdempotentAndRemovedCasesDisappear(@TempDir Path tmp) throws Exception {
        Path corpus = TestCorpus.copyTo(tmp.resolve("c"));
        String index = tmp.resolve("index").toString();
        assertEquals(0, kb("ingest", "--corpus", corpus.toString(), "--index", index).code());
        String first = kb("show", "--index", index, "--json", "2025-01-bank-ddos").out();
        String firstSearch = kb("search", "--index", index, "--json", "障害").out();
        assertEquals(0, kb("ingest", "--corpus", corpus.toString(), "--index", index).code());
        assertEquals(first, kb("show", "--index", index, "--json", "2025-01-bank-ddos").out());
        assertEquals(firstSearch, kb("search", "--index", index, "--json", "障害").out());
        try (var entries = Files.list(Path.of(index))) {
            assertEquals(1, entries.filter(p -> p.getFileName().toString().startsWith("gen-")).count(), "old generations removed");
        }

        Files.delete(corpus.resolve("a/2025-01-bank-ddos.md"));
        assertEquals(0, kb("ingest", "--corpus", corpus.toString(), "--index", index).code());
        assertEquals(1, kb("show", "--index", index, "2025-01-bank-ddos").code());
        JsonNode hits = Json.MAPPER.readTree(kb("search", "--index", index, "--json", "DDoS").out());
        hits.get("hits").forEach(h -> assertFalse(h.get("id").asText().equals("2025-01-bank-ddos")));
    }

    @Test
    void ingestLeavesTheUsersDatabaseAlone(@TempDir Path tmp) throws Exception {
        Path index = tmp.resolve("index");
        Files.createDirectories(index);
        Path users = index.resolve("users.db");
        Files.writeString(users, "users' own data");
        assertEquals(0, kb("ingest", "--corpus", TestCorpus.dir().toString(), "--index", index.toString()).code());
        assertEquals(0, kb("ingest", "--corpus", TestCorpus.dir().toString(), "--index", index.toString()).code());
        assertEquals("users' own data", Files.readString(users));
    }
}
