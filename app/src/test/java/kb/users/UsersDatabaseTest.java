package kb.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void createsTheSchemaWithAVersionInWalModeWithForeignKeys() {
        UsersDatabase db = UsersDatabase.open(dir.resolve("sub/users.db"));
        assertEquals(3, pragma(db, "user_version"));
        assertEquals("wal", db.read(c -> query(c, "PRAGMA journal_mode")));
        assertEquals(1, pragma(db, "foreign_keys"));
        assertTrue(pragma(db, "busy_timeout") >= 1000);
    }

    @Test
    void reopeningKeepsTheData() {
        Path file = dir.resolve("users.db");
        UsersDatabase.open(file).write(c -> {
            c.createStatement().executeUpdate("INSERT INTO settings VALUES ('x', 'kept')");
            return null;
        });
        UsersDatabase again = UsersDatabase.open(file);
        assertEquals("kept", again.read(c -> query(c, "SELECT value FROM settings WHERE name = 'x'")));
        assertEquals(3, pragma(again, "user_version"));
    }

    @Test
    void refusesASchemaNewerThanItKnows() throws Exception {
        Path file = dir.resolve("users.db");
        UsersDatabase.open(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 99");
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> UsersDatabase.open(file));
        assertTrue(e.getMessage().contains("newer than this program"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNothingBehind() {
        UsersDatabase db = UsersDatabase.open(dir.resolve("users.db"));
        assertThrows(IllegalStateException.class, () -> db.write(c -> {
            c.createStatement().executeUpdate("INSERT INTO settings VALUES ('half', 'written')");
            throw new IllegalStateException("fails after the first insert");
        }));
        assertEquals("0", db.read(c -> query(c, "SELECT count(*) FROM settings")));
    }

    @Test
    void bringsAVersionOneDatabaseUpToDateKeepingItsAccounts() throws Exception {
        Path file = dir.resolve("users.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, "
                    + "password_hash TEXT NOT NULL, created_at TEXT NOT NULL)");
            st.executeUpdate("CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, "
                    + "token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)");
            st.executeUpdate("CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, "
                    + "csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at INTEGER NOT NULL)");
            st.executeUpdate("CREATE TABLE tickets (id INTEGER PRIMARY KEY, updated_at TEXT)");
            st.executeUpdate("CREATE TABLE attachments (ticket_id INTEGER, lesson_id TEXT)");
            st.executeUpdate("CREATE TABLE curricula (id INTEGER PRIMARY KEY, updated_at TEXT)");
            st.executeUpdate("INSERT INTO users VALUES (1, 'ada', 'admin', 'x', '2026-01-01T00:00:00.000Z')");
            st.execute("PRAGMA user_version = 1");
        }
        UsersDatabase db = UsersDatabase.open(file);
        assertEquals(3, pragma(db, "user_version"));
        assertEquals("0", db.read(c -> query(c, "SELECT disabled FROM users WHERE name = 'ada'")));
    }

    @Test
    void isReadableByItsOwnerOnlyAndNarrowsAnOlderFile() throws Exception {
        Path file = dir.resolve("users.db");
        UsersDatabase.open(file).write(c -> c.createStatement().executeUpdate("INSERT INTO settings VALUES ('x', 'y')"));
        for (String name : List.of("users.db", "users.db-wal", "users.db-shm")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
        Path old = dir.resolve("old.db");
        Files.createFile(old, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        UsersDatabase.open(old);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
    }

    @Test
    void reusesItsConnections() {
        UsersDatabase db = UsersDatabase.open(dir.resolve("users.db"));
        Connection firstReader = db.read(c -> c);
        Connection firstWriter = db.write(c -> c);
        for (int i = 0; i < 20; i++) {
            assertSame(firstReader, db.read(c -> c));
            assertSame(firstWriter, db.write(c -> c));
        }
    }

    @Test
    void reportsAFullDiskUntilAWriteSucceedsAgain() {
        UsersDatabase db = UsersDatabase.open(dir.resolve("users.db"));
        // SQLite's own "database or disk is full": the writer may not grow the file by a single page.
        db.write(c -> c.createStatement().execute("PRAGMA max_page_count = " + query(c, "PRAGMA page_count")));
        StorageException full = assertThrows(StorageException.class, () -> db.write(c ->
                c.createStatement().executeUpdate("INSERT INTO settings VALUES ('big', hex(randomblob(100000)))")));
        assertEquals(StorageException.Kind.FULL, full.kind());
        assertTrue(db.fault().isPresent());
        assertFalse(db.probeWrite());
        assertTrue(db.fault().isPresent());
        db.write(c -> c.createStatement().execute("PRAGMA max_page_count = 1000000"));
        assertTrue(db.fault().isEmpty());
        assertTrue(db.probeWrite());
        assertEquals("0", db.read(c -> query(c, "SELECT count(*) FROM settings")));
    }

    private static int pragma(UsersDatabase db, String name) {
        return db.read(c -> Integer.parseInt(query(c, "PRAGMA " + name)));
    }

    private static String query(Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
