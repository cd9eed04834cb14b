package kb.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void createsTheSchemaWithAVersionInWalModeWithForeignKeys() {
        UsersDatabase db = UsersDatabase.open(dir.resolve("sub/users.db"));
        assertEquals(2, pragma(db, "user_version"));
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
        assertEquals(2, pragma(again, "user_version"));
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
