package kb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import kb.TestCorpus;
import kb.users.AuditLog;
import kb.users.UsersDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kb backup while users.db is being written, and kb restore: refused under a running server, done after. */
class BackupCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private static Run kb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kb.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.getLong(1);
        }
    }

    @Test
    void backupsAreConsistentWhileWritesGoOnAndReadableByTheOwnerOnly() throws Exception {
        Path index = dir.resolve("index");
        UsersDatabase db = UsersDatabase.open(index.resolve("users.db"));
        // Each write is one transaction of two rows; a consistent copy has as many of one as of the other.
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                db.write(c -> {
                    c.createStatement().executeUpdate("INSERT INTO settings VALUES ('k" + written.get() + "', 'v')");
                    AuditLog.record(c, "writer", "settings.update", "k" + written.get(), "");
                    return null;
                });
                written.incrementAndGet();
            }
        });
        writer.start();
        List<Path> backups = new ArrayList<>();
        try {
            while (written.get() < 50) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < 5; i++) {
                Path backup = dir.resolve("backups/users-" + i + ".db");
                Run r = kb("backup", "--index", index.toString(), backup.toString());
                assertEquals(0, r.code(), r.err());
                backups.add(backup);
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        for (Path backup : backups) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
            long settings = count(backup, "SELECT count(*) FROM settings");
            assertTrue(settings > 0);
            assertEquals(settings, count(backup, "SELECT count(*) FROM audit WHERE actor = 'writer'"), backup.toString());
        }
        assertTrue(count(backups.get(4), "SELECT count(*) FROM settings") <= written.get());

        Run again = kb("backup", "--index", index.toString(), backups.get(0).toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("はすでにあります"), again.err());
        db.close();
    }

    @Test
    void restoreRefusesWhileAServerRunsAndReplacesUsersDbAfter() throws Exception {
        Path index = dir.resolve("index");
        TestCorpus.ingest(index);
        Path users = index.resolve("users.db");
        UsersDatabase db = UsersDatabase.open(users);
        db.write(c -> c.createStatement().executeUpdate("INSERT INTO settings VALUES ('state', 'backed up')"));
        Path backup = dir.resolve("users-backup.db");
        assertEquals(0, kb("backup", "--index", index.toString(), backup.toString()).code());
        db.write(c -> c.createStatement().executeUpdate("UPDATE settings SET value = 'changed later' WHERE name = 'state'"));
        db.close();

        Process serve = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Kb.class.getName(),
                "serve", "--index", index.toString(), "--port", "0").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("http://127.0.0.1:")) {
                // until the server listens
            }
            assertTrue(line != null, "the server started");
            Run refused = kb("restore", "--index", index.toString(), backup.toString());
            assertEquals(1, refused.code());
            assertTrue(refused.err().contains(index + " でサーバーが動いています。止めてから復元してください"), refused.err());
            assertEquals("changed later", value(users));

            serve.toHandle().destroy();
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        } finally {
            serve.destroyForcibly();
        }
        Run restored = kb("restore", "--index", index.toString(), backup.toString());
        assertEquals(0, restored.code(), restored.err());
        assertEquals("backed up", value(users));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        try (var kept = Files.list(index)) {
            Path old = kept.filter(p -> p.getFileName().toString().startsWith("users.db.replaced-")).findFirst().orElseThrow();
            assertEquals("changed later", value(old));
        }
    }

    @Test
    void restoreRefusesWhatIsNotASoundUsersDatabase() throws Exception {
        Path index = dir.resolve("index");
        UsersDatabase.open(index.resolve("users.db")).close();
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database");
        Run notDb = kb("restore", "--index", index.toString(), text.toString());
        assertEquals(1, notDb.code());
        assertTrue(notDb.err().contains("SQLite のデータベースとして読めません"), notDb.err());
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other)) {
            c.createStatement().execute("CREATE TABLE t (x)");
        }
        Run wrong = kb("restore", "--index", index.toString(), other.toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("users.db のバックアップではありません"), wrong.err());
        Run missing = kb("restore", "--index", index.toString(), dir.resolve("nope.db").toString());
        assertEquals(1, missing.code());
        for (Run r : List.of(notDb, wrong, missing)) {
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    private static String value(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM settings WHERE name = 'state'")) {
            return rs.getString(1);
        }
    }
}
