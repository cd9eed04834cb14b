package kb;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kb.ingest.Ingest;
import kb.model.CaseRecord;
import kb.store.KnowledgeBase;

/** The small test corpus (8 cases, 2 per trigger) in src/test/resources/corpus, and ways to ingest it. */
public final class TestCorpus {
    private TestCorpus() {}

    public static Path dir() {
        try {
            return Path.of(TestCorpus.class.getResource("/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable copy of the test corpus under {@code target}. */
    public static Path copyTo(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(dir())) {
            for (Path p : files.toList()) {
                Path to = target.resolve(dir().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    /** Every case of a knowledge base, newest first (small test corpora only). */
    public static List<CaseRecord> cases(KnowledgeBase kb) {
        List<CaseRecord> all = new ArrayList<>();
        kb.forEachCase(all::add);
        return all;
    }

    /** Ingests the test corpus into {@code index}. */
    public static Ingest.Report ingest(Path index) throws Exception {
        return ingest(dir(), index);
    }

    /** Ingests {@code corpus} into {@code index} (only what changed since the last ingest there). */
    public static Ingest.Report ingest(Path corpus, Path index) throws Exception {
        return Ingest.run(new Ingest.Options(List.of(corpus), index, null));
    }

    /**
     * Writes (or rewrites) a small valid case, {@code id}.md in {@code corpus}: dated by the id's first seven
     * characters (2024-01-…), with {@code summary} as its 概要 and the failure {@code patterns} given.
     */
    public static void writeCase(Path corpus, String id, String title, String summary, String... patterns) throws IOException {
        Files.createDirectories(corpus);
        String labels = patterns.length == 0 ? "" : "patterns: [" + String.join(", ", patterns) + "]\n";
        Files.writeString(corpus.resolve(id + ".md"), """
                ---
                title: %s
                date: %s
                industry: 銀行
                trigger: operations
                %ssources:
                  - {publisher: テスト用の架空の出典, title: 架空の報告書, date: 2025-01}
                ---
                ## 概要
                %s
                ## 教訓
                - 次回の変更前に確認する。
                """.formatted(title, id.substring(0, 7), labels, summary));
    }
}
