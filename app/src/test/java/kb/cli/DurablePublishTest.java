package kb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kb.TestCorpus;
import kb.store.IndexDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a power loss, CURRENT names a generation whose files are all on disk: the system calls of a real ingest,
 * traced, show the new generation synced before the switch and the directory holding CURRENT synced after it.
 */
class DurablePublishTest {
    @Test
    void theGenerationIsSyncedBeforeTheSwitchAndTheDirectoryAfterIt(@TempDir Path tmp) throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        Assumptions.assumeTrue(Files.isExecutable(strace), "needs strace (Debian package strace)");
        Path index = tmp.resolve("index");
        Path log = tmp.resolve("strace.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process ingest = new ProcessBuilder(strace.toString(), "-f", "-y", "-o", log.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Kb.class.getName(),
                "ingest", "--corpus", TestCorpus.dir().toString(), "--index", index.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile()).start();
        assertTrue(ingest.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, ingest.exitValue(), Files.readString(tmp.resolve("out.log")));

        Path generation = new IndexDirectory(index).current().orElseThrow().toRealPath();
        Path root = index.toRealPath();
        List<String> calls = Files.readAllLines(log);
        int renamed = indexOf(calls, "rename", "\"" + root.resolve("CURRENT.tmp") + "\", \"" + root.resolve("CURRENT") + "\"");
        assertTrue(renamed >= 0, "CURRENT is switched by a rename");
        assertTrue(indexOf(calls.subList(0, renamed), "fsync(", "<" + generation + ">") >= 0, "the generation's directory is synced before");
        assertTrue(indexOf(calls.subList(0, renamed), "fsync(", "<" + generation.resolve("lucene") + ">") >= 0, "so is Lucene's");
        assertTrue(indexOf(calls.subList(0, renamed), "sync(", "<" + generation.resolve("cases.db") + ">") >= 0, "and the case database");
        assertTrue(indexOf(calls.subList(renamed, calls.size()), "fsync(", "<" + root + ">") >= 0, "the directory of CURRENT is synced after");
    }

    /** The first call of {@code call} on {@code argument} (a line may end "<unfinished ...>" when threads interleave). */
    private static int indexOf(List<String> calls, String call, String argument) {
        for (int i = 0; i < calls.size(); i++) {
            String line = calls.get(i);
            int at = line.indexOf(argument);
            if (line.contains(call) && at >= 0 && (line.startsWith(")", at + argument.length())
                    || line.startsWith(" ", at + argument.length()) || line.startsWith(",", at + argument.length()))) {
                return i;
            }
        }
        return -1;
    }
}
