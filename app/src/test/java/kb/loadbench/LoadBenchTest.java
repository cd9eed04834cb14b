package kb.loadbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load bench runs end to end at a small size (as CI runs it) and reports every figure it promises. Its timings
 * are not checked: they depend on the machine.
 */
class LoadBenchTest {
    private static final Path SHIPPED = Path.of(System.getProperty("kb.home", ".")).resolve("corpus");
    private static final String NUMBER = "[0-9.]+";

    @Test
    void reportsIngestSizeSearchAndServerFiguresBesideTheReferences(@TempDir Path tmp) throws Exception {
        StringWriter report = new StringWriter();
        new LoadBench(new LoadBench.Options(2000, 7, 0.3, tmp, SHIPPED), new PrintWriter(report, true)).run();
        String text = report.toString();

        assertRow(text, "full ingest", 2000, 2000);
        assertRow(text, "re-ingest, 1 edited file", 1, 1);
        assertRow(text, "re-ingest, 100 edited files", 100, 100);
        assertRow(text, "re-ingest, 1 deleted file", 0, 0);
        assertTrue(text.contains("| reference: FTS5 trigram table from the stored cases"), text);
        assertTrue(Pattern.compile("\\| " + NUMBER + " MB \\| " + NUMBER + " MB \\| " + NUMBER + " MB \\| " + NUMBER + " MB \\| "
                + NUMBER + " \\| " + NUMBER + " MB \\|").matcher(text).find(), "the sizes: " + text);

        for (String what : List.of("app search, in process", "reference: raw Lucene IndexSearcher", "reference: SQLite FTS5 trigram",
                "HTTP GET /api/search", "HTTP GET /search \\(page\\)")) {
            for (String filtered : List.of("no", "yes")) {
                for (int clients : new int[] {1, 4, 16}) {
                    assertTrue(Pattern.compile("\\| " + what + " \\| " + filtered + " \\| " + clients + " \\| " + NUMBER + " \\| "
                            + NUMBER + " \\| " + NUMBER + " \\| " + NUMBER + " \\|").matcher(text).find(), what + " " + filtered + " " + clients);
                }
            }
        }
        assertTrue(text.contains("| HTTP POST /api/check | no | 16 |"), text);
        assertTrue(Pattern.compile("start to first answer .*: " + NUMBER + " s").matcher(text).find(), text);
        assertTrue(Pattern.compile("heap in use after the load and a full collection: " + NUMBER + " MB").matcher(text).find(), text);
        assertTrue(Pattern.compile("without filters: app in process ÷ raw Lucene " + NUMBER).matcher(text).find(), text);
        assertEquals(12, text.lines().filter(l -> l.matches("- .*: .* — (met|\\*\\*missed\\*\\*)")).count(), text);
    }

    /** The ingest row of {@code step}: files read and cases written as expected, every figure present. */
    private static void assertRow(String text, String step, int read, int written) {
        Matcher m = Pattern.compile("\\| " + Pattern.quote(step) + " \\| (" + NUMBER + ") \\| [0-9.]* \\| [0-9.]* \\| (" + NUMBER
                + ") \\| (" + NUMBER + ") \\| (\\d+) \\| (\\d+) \\| (kept|trained.*) \\|").matcher(text);
        assertTrue(m.find(), step + ": " + text);
        assertEquals(read, Integer.parseInt(m.group(4)), step);
        assertEquals(written, Integer.parseInt(m.group(5)), step);
        assertTrue(Double.parseDouble(m.group(2)) > 0 && Double.parseDouble(m.group(3)) > 0, step + ": heap and memory measured");
    }
}
