package kb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kb.TestCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kb serve} as a process: ingests the shipped corpus into an empty index, serves on loopback, stops on SIGTERM. */
class ServeCommandTest {
    @Test
    void servesTheShippedCorpusOnLoopbackAndStopsCleanlyOnSigterm(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        TestCorpus.copyTo(home.resolve("corpus")); // kb.home/corpus is the shipped corpus
        String java = ProcessHandle.current().info().command().orElse("java");
        Process serve = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dkb.home=" + home,
                "-cp", System.getProperty("java.class.path"), Kb.class.getName(),
                "serve", "--index", tmp.resolve("index").toString(), "--port", "0")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String url = null;
            for (String line; url == null && (line = out.readLine()) != null; ) {
                lines.add(line);
                Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)").matcher(line);
                url = m.find() ? m.group(1) : null;
            }
            assertTrue(url != null, "prints its loopback address: " + lines);
            assertTrue(String.join("\n", lines).contains("取り込み完了: 8 件"), "ingested the shipped corpus first: " + lines);

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"status\":\"ok\",\"cases\":8}", health.body());

            serve.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
            assertEquals("停止しました。", out.readLine());
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void startingOnAnExistingKnowledgeBaseRemovesWhatKilledIngestsLeft(@TempDir Path tmp) throws Exception {
        Path index = tmp.resolve("index");
        TestCorpus.ingest(index);
        Path halfBuilt = Files.createDirectories(index.resolve("gen-20200101-000000-000-1/lucene"));
        Files.writeString(index.resolve("CURRENT.tmp"), "gen-20200101-000000-000-1\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process serve = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Kb.class.getName(),
                "serve", "--index", index.toString(), "--port", "0")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.contains("http://127.0.0.1:"));
            assertTrue(line != null, "serves");
            assertTrue(Files.notExists(halfBuilt.getParent()), "the half-built generation is gone");
            assertTrue(Files.notExists(index.resolve("CURRENT.tmp")));
        } finally {
            serve.destroyForcibly().waitFor();
        }
    }
}
