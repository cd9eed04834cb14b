package kb.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kb.TestCorpus;
import kb.model.CaseRecord;
import kb.search.SearchRequest;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-ingest reads only what changed and gives the knowledge base a full rebuild would: same cases, same
 * taggings (also when the model is trained again and the other cases are re-tagged from their stored readings),
 * same search answers.
 */
class IncrementalIngestTest {
    @TempDir
    Path tmp;
    private Path corpus;

    @BeforeEach
    void corpusWithInferredCases() throws Exception {
        corpus = TestCorpus.copyTo(tmp.resolve("corpus"));
        // The b/ half leaves its trigger to the model.
        try (var files = Files.list(corpus.resolve("b"))) {
            for (Path f : files.toList()) {
                Files.writeString(f, Files.readString(f).replaceAll("(?m)^trigger: .*\\n", ""));
            }
        }
        ageFiles();
    }

    /** Files older than the ingest's "may still be changing" window, as a corpus usually is. */
    private void ageFiles() throws Exception {
        try (var files = Files.walk(corpus)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(60)));
            }
        }
    }

    private int edits;

    /** Writes {@code text} to {@code file}, dated a little before now (a file written just now is read again next time). */
    private void write(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(50 - ++edits)));
    }

    private Ingest.Report ingest(Path index, boolean full) throws Exception {
        return Ingest.run(new Ingest.Options(List.of(corpus), index, null, full, new Ingest.Progress()));
    }

    /** Every case by id, with its tagging. */
    private static Map<String, CaseRecord> cases(Path index) throws Exception {
        Map<String, CaseRecord> byId = new TreeMap<>();
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(index))) {
            TestCorpus.cases(kb).forEach(c -> byId.put(c.id(), c));
        }
        return byId;
    }

    private static long hits(Path index, String query) throws Exception {
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(index))) {
            return kb.searcher().search(SearchRequest.of(query, 10)).total();
        }
    }

    /** The incremental result equals a rebuild from nothing of the same files. */
    private void assertSameAsFullRebuild(Path index) throws Exception {
        Path rebuilt = tmp.resolve("rebuilt-" + System.nanoTime());
        Ingest.Report full = ingest(rebuilt, true);
        assertFalse(full.work().incremental());
        assertEquals(cases(rebuilt), cases(index));
        for (String q : List.of("", "冗長構成", "切替", "DDoS", "追記語彙")) {
            assertEquals(hits(rebuilt, q), hits(index, q), q);
        }
    }

    @Test
    void readsOnlyWhatChangedAndEndsAsAFullRebuildWould() throws Exception {
        Path index = tmp.resolve("index");
        Ingest.Report first = ingest(index, false);
        assertEquals(new Ingest.Work(false, 8, 8, 0, true, 0), first.work());

        Ingest.Report unchanged = ingest(index, false);
        assertEquals(new Ingest.Work(true, 0, 0, 0, false, 0), unchanged.work());
        assertEquals(first.declared(), unchanged.declared());
        assertEquals(first.inferred(), unchanged.inferred());

        // An inferred case edited: read and written again; the model keeps its inputs, nothing is re-tagged.
        Path edited = corpus.resolve("b/2019-04-atm-spec.md");
        write(edited, Files.readString(edited).replace("## 原因\n", "## 原因\n追記語彙が原因に加わった。\n"));
        Ingest.Report one = ingest(index, false);
        assertEquals(new Ingest.Work(true, 1, 1, 0, false, 0), one.work());
        assertEquals(1, hits(index, "追記語彙"));
        assertSameAsFullRebuild(index);

        // A declared case edited: the model's inputs changed, so it is trained again and every other case is
        // re-tagged from the reading stored with it.
        Path declared = corpus.resolve("a/2021-02-batch-capacity.md");
        write(declared, Files.readString(declared).replace("## 対応\n", "## 対応\n夜間バッチの手順を見直した。\n"));
        Ingest.Report retrained = ingest(index, false);
        assertEquals(new Ingest.Work(true, 1, 1, 0, true, 7), retrained.work());
        assertSameAsFullRebuild(index);

        // Touched but not changed: read to compare its content, not written.
        Files.setLastModifiedTime(edited, FileTime.from(Instant.now().minusSeconds(30)));
        assertEquals(new Ingest.Work(true, 1, 0, 0, false, 0), ingest(index, false).work());

        // Deleted, added, renamed.
        Files.delete(corpus.resolve("a/2024-05-wallet-outflow.md"));
        write(corpus.resolve("a/2025-06-new-case.md"), Files.readString(corpus.resolve("a/2025-01-bank-ddos.md"))
                .replace("title: ", "title: 新しい"));
        Files.move(corpus.resolve("b/2024-07-edr-update.md"), corpus.resolve("b/2024-07-edr-update-renamed.md"));
        Ingest.Report moved = ingest(index, false);
        assertEquals(2, moved.work().casesRemoved());
        assertEquals(2, moved.work().casesWritten());
        Map<String, CaseRecord> now = cases(index);
        assertEquals(8, now.size());
        assertTrue(now.containsKey("2025-06-new-case") && now.containsKey("2024-07-edr-update-renamed"));
        assertFalse(now.containsKey("2024-05-wallet-outflow") || now.containsKey("2024-07-edr-update"));
        assertSameAsFullRebuild(index);
    }

    @Test
    void aDuplicateIdPassesToTheNextFileWhenTheFirstGoesAndRejectedFilesStayReported() throws Exception {
        Path index = tmp.resolve("index");
        Files.createDirectories(corpus.resolve("c"));
        Files.writeString(corpus.resolve("c/2025-01-bank-ddos.md"), Files.readString(corpus.resolve("a/2025-01-bank-ddos.md"))
                .replace("title: ", "title: 複製の"));
        Files.writeString(corpus.resolve("c/broken.md"), "---\ntitle: x\n---\n");
        ageFiles();
        Ingest.Report first = ingest(index, false);
        assertEquals(2, first.rejectedFiles());
        assertEquals(2, ingest(index, false).rejectedFiles(), "unchanged rejected files are reported again, unread");

        Files.delete(corpus.resolve("a/2025-01-bank-ddos.md"));
        Ingest.Report moved = ingest(index, false);
        assertEquals(1, moved.rejectedFiles());
        assertTrue(cases(index).get("2025-01-bank-ddos").title().startsWith("複製の"));
        assertSameAsFullRebuild(index);
    }
}
