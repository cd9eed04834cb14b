package kb.users;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The users' own data ({@code index/users.db}): accounts, tokens, sessions, settings, tickets, curricula
 * and the audit log. One connection per unit of work; every write runs in one {@code BEGIN IMMEDIATE}
 * transaction, so writers queue on SQLite's lock (busy_timeout) instead of failing when a read lock
 * would have to be upgraded, and a check-then-insert inside a write is safe.
 */
public final class UsersDatabase {
    private static final int BUSY_TIMEOUT_MS = 10_000;

    /** Migration n (0-based) takes the schema from user_version n to n + 1. Append; never edit one that shipped. */
    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE users (
              id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
              password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE api_tokens (
              id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
              token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
            CREATE TABLE sessions (
              token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
              csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at INTEGER NOT NULL);
            CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE tickets (
              id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, title TEXT NOT NULL, system TEXT NOT NULL,
              tracker_url TEXT, status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
              created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
            CREATE TABLE attachments (
              ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, lesson_id TEXT NOT NULL,
              case_id TEXT NOT NULL, case_title TEXT NOT NULL, lesson_text TEXT NOT NULL, note TEXT NOT NULL,
              attached_by TEXT NOT NULL, attached_at TEXT NOT NULL, PRIMARY KEY (ticket_id, lesson_id));
            CREATE INDEX attachments_by_case ON attachments(case_id);
            CREATE TABLE curricula (
              id INTEGER PRIMARY KEY, title TEXT NOT NULL, audience TEXT NOT NULL, objectives TEXT NOT NULL,
              modules TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
            CREATE TABLE audit (
              id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
              target TEXT NOT NULL, detail TEXT NOT NULL);
            """, """
            CREATE TABLE checks (
              id INTEGER PRIMARY KEY, text TEXT NOT NULL, result_limit INTEGER NOT NULL,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE INDEX checks_by_text ON checks(text, result_limit);
            ALTER TABLE attachments ADD COLUMN check_id INTEGER REFERENCES checks(id);
            """);

    /** Work on one connection; a write's work runs inside its transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection db) throws SQLException;
    }

    private final Path file;
    private final SQLiteDataSource writer;
    private final SQLiteDataSource reader;

    private UsersDatabase(Path file) {
        this.file = file;
        this.writer = source(file, SQLiteConfig.TransactionMode.IMMEDIATE);
        this.reader = source(file, SQLiteConfig.TransactionMode.DEFERRED);
    }

    private static SQLiteDataSource source(Path file, SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(mode);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        return source;
    }

    /** Opens (creating if needed) the database and brings its schema up to date. */
    public static UsersDatabase open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        }
        UsersDatabase db = new UsersDatabase(file);
        db.write(db::migrate);
        return db;
    }

    /** Runs {@code work} in one write transaction: all of it is committed, or none of it. */
    public <T> T write(Work<T> work) {
        return inTransaction(writer, work);
    }

    /** Runs {@code work} in one read transaction: all its statements see the same snapshot (WAL). */
    public <T> T read(Work<T> work) {
        return inTransaction(reader, work);
    }

    private <T> T inTransaction(SQLiteDataSource source, Work<T> work) {
        try (Connection db = source.getConnection()) {
            db.setAutoCommit(false);
            try {
                T result = work.run(db);
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw storageError(e);
        }
    }

    private Void migrate(Connection db) throws SQLException {
        try (Statement st = db.createStatement()) {
            int version;
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            if (version > MIGRATIONS.size()) {
                throw new SQLException("schema version " + version + " is newer than this program knows ("
                        + MIGRATIONS.size() + "); use a newer kb");
            }
            for (int v = version; v < MIGRATIONS.size(); v++) {
                for (String ddl : MIGRATIONS.get(v).split(";")) {
                    if (!ddl.isBlank()) {
                        st.execute(ddl);
                    }
                }
                st.execute("PRAGMA user_version = " + (v + 1));
            }
        }
        return null;
    }

    private UncheckedIOException storageError(SQLException e) {
        return new UncheckedIOException(new IOException("users database " + file + ": " + e.getMessage(), e));
    }
}
