package kb.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kb.TestCorpus;
import kb.ingest.Ingest;
import kb.store.IndexDirectory;

/** The test corpus plus one hostile case, ingested into a temporary knowledge base. */
final class TestCasebook {
    static final String HOSTILE_ID = "2022-03-script-injection";

    /** No trigger declared (so it is inferred), markup in every field a reader sees. */
    static final String HOSTILE_CASE = """
            ---
            title: 架空の銀行で<script>alert('title')</script>を含む障害
            date: 2022-03-15
            industry: 銀行
            patterns: [不正アクセス]
            sources:
              - {publisher: テスト用の出典, title: <b>太字</b>}
              - {publisher: テスト用の出典, title: 安全な出典, url: "https://example.org/report"}
            ---
            ## 概要
            第三者が不正アクセスによりサーバーに侵入し、<script>alert('body')</script> を仕込んだ。攻撃者は認証情報を窃取した。
            <img src=x onerror="alert('img')">
            [危険なリンク](javascript:alert('link'))
            [データのリンク](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) ![データの画像](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)
            [タブ入りのリンク](jav&#x09;ascript:alert('tab')) [正しいリンク](https://example.org/ok) [相対リンク](/cases)
            ## 原因
            **多要素認証**が未導入で、パスワードだけで管理画面に入れた。
            ## 教訓
            - [多要素認証] 管理画面には<script>alert('lesson')</script>多要素認証を必須にする。
            """;

    private TestCasebook() {}

    /** Copies the test corpus (and the hostile case) under {@code dir} and ingests it into {@code dir/index}. */
    static IndexDirectory ingest(Path dir) throws IOException, Ingest.IngestException {
        Path corpus = TestCorpus.copyTo(dir.resolve("corpus"));
        Files.writeString(corpus.resolve(HOSTILE_ID + ".md"), HOSTILE_CASE);
        return ingest(corpus, dir.resolve("index"));
    }

    static IndexDirectory ingest(Path corpus, Path index) throws IOException, Ingest.IngestException {
        Ingest.run(new Ingest.Options(List.of(corpus), index, null));
        return new IndexDirectory(index);
    }
}
