package kb.users;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The users' own data ({@code index/users.db}): accounts, tokens, sessions, settings, tickets, curricula
 * and the audit log. Connections are kept open and reused: one writer, whose transactions this process runs
 * one at a time, and a few readers. Every write is one {@code BEGIN IMMEDIATE} transaction, so writers of
 * other processes (the CLI) queue on SQLite's lock (busy_timeout) instead of failing, and a check-then-insert
 * inside a write is safe. The file and its backups are readable by their owner only: they hold password hashes.
 */
public final class UsersDatabase implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** Readers kept open between requests; more are opened when more requests read at once. */
    private static final int IDLE_READERS = 8;
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

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
            """, """
            ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
            CREATE INDEX sessions_by_user ON sessions(user_id);
            CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
            CREATE INDEX tickets_by_update ON tickets(updated_at, id);
            CREATE INDEX curricula_by_update ON curricula(updated_at, id);
            """);

    /** Work on one connection; a write's work runs inside its transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection db) throws SQLException;
    }

    private final Path file;
    private final SQLiteDataSource source;
    private final ReentrantLock writeLock = new ReentrantLock();
    private Connection writer; // guarded by writeLock
    private final LinkedBlockingDeque<Connection> idleReaders = new LinkedBlockingDeque<>();
    private final AtomicLong writes = new AtomicLong();
    private volatile StorageException fault;
    private volatile boolean closed;

    private UsersDatabase(Path file) {
        this.file = file;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        this.source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
    }

    /** Opens (creating if needed, readable by its owner only) the database and brings its schema up to date. */
    public static UsersDatabase open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            createOwnerOnly(file);
            for (String suffix : List.of("", "-wal", "-shm")) {
                restrictToOwner(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
        UsersDatabase db = new UsersDatabase(file);
        // A read first: a database already up to date needs no write lock (a backup beside a busy server, say).
        if (db.read(UsersDatabase::version) != MIGRATIONS.size()) {
            db.write(db::migrate);
        }
        return db;
    }

    /** Creates an empty file readable by its owner only (SQLite gives its -wal and -shm files the same mode). */
    static void createOwnerOnly(Path file) throws IOException {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // kept as it is, its mode narrowed by restrictToOwner
        }
    }

    /** A users.db made by an older version (0644) is narrowed to its owner. */
    static void restrictToOwner(Path file) throws IOException {
        if (Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")
                && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    public Path file() { return file; }

    /**
     * Marks the database as in use by a server until closed (a shared lock on {@code users.db.lock}), so that
     * {@code kb restore}, which takes the lock exclusively, refuses to replace it under a running server.
     * Several servers may hold it at once; none can start while a restore holds it.
     */
    public static AutoCloseable holdForServing(Path file) throws IOException {
        FileChannel channel = lockChannel(file);
        FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
        if (lock == null) {
            channel.close();
            throw new IOException(file + " を復元中です（kb restore）。終わってからサーバーを起動してください (being restored)");
        }
        return channel::close;
    }

    static FileChannel lockChannel(Path file) throws IOException {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        createOwnerOnly(lock);
        return FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Runs {@code work} in one write transaction: all of it is committed, or none of it. */
    public <T> T write(Work<T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a write inside a write: do both in one transaction");
        }
        writeLock.lock();
        try {
            if (writer == null) {
                writer = connect();
            }
            T result = inTransaction(writer, "BEGIN IMMEDIATE", work);
            writes.incrementAndGet();
            fault = null;
            return result;
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.FULL || e.kind() == StorageException.Kind.IO) {
                fault = e; // reported by /health until a write succeeds
            }
            if (e.kind() == StorageException.Kind.IO && writer != null) {
                // The connection itself may be broken: the next write opens a new one.
                closeQuietly(writer);
                writer = null;
            }
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} in one read transaction: all its statements see the same snapshot (WAL). */
    public <T> T read(Work<T> work) {
        Connection reader = idleReaders.pollFirst();
        if (reader == null) {
            reader = connect();
        }
        boolean reusable = true;
        try {
            return inTransaction(reader, "BEGIN", work);
        } catch (StorageException e) {
            reusable = false;
            throw e;
        } finally {
            if (reusable && !closed && idleReaders.size() < IDLE_READERS) {
                idleReaders.offerFirst(reader);
            } else {
                closeQuietly(reader);
            }
        }
    }

    /** Runs {@code work} on a reader outside any transaction: for statements SQLite refuses inside one (VACUUM INTO). */
    <T> T withoutTransaction(Work<T> work) {
        Connection reader = connect();
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw storageError(e);
        } finally {
            closeQuietly(reader);
        }
    }

    /** How many writes this process has committed: what it has read may be stale once this changes. */
    public long writeCount() { return writes.get(); }

    /** The storage fault (no space, an I/O error) of the last write, until a write succeeds again. */
    public Optional<StorageException> fault() { return Optional.ofNullable(fault); }

    /**
     * Whether a write succeeds now: a small row written and removed again. Used while a fault is reported, so
     * that health recovers once space is freed even if nobody writes meanwhile.
     */
    public boolean probeWrite() {
        try {
            write(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO settings (name, value) VALUES ('write_probe', hex(randomblob(4096)))");
                    st.executeUpdate("DELETE FROM settings WHERE name = 'write_probe'");
                }
                return null;
            });
            return true;
        } catch (StorageException e) {
            return false;
        }
    }

    private Connection connect() {
        try {
            return source.getConnection();
        } catch (SQLException e) {
            throw storageError(e);
        }
    }

    private <T> T inTransaction(Connection c, String begin, Work<T> work) {
        try (Statement st = c.createStatement()) {
            st.execute(begin);
            try {
                T result = work.run(c);
                st.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw storageError(e);
        }
    }

    private static void rollback(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            // the transaction is gone already (SQLite rolls back by itself after some errors)
        }
    }

    private static int version(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    private Void migrate(Connection db) throws SQLException {
        try (Statement st = db.createStatement()) {
            int version = version(db);
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

    private StorageException storageError(SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : null;
        int primary = code == null ? e.getErrorCode() & 0xff : code.code & 0xff;
        StorageException.Kind kind = switch (primary) {
            case 13 -> StorageException.Kind.FULL;               // SQLITE_FULL: no space left
            case 5, 6 -> StorageException.Kind.BUSY;             // SQLITE_BUSY, SQLITE_LOCKED: another writer too long
            case 8, 10, 14 -> StorageException.Kind.IO;          // SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN
            default -> StorageException.Kind.OTHER;
        };
        return new StorageException(kind, "users database " + file + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        closed = true;
        writeLock.lock();
        try {
            if (writer != null) {
                closeQuietly(writer);
                writer = null;
            }
        } finally {
            writeLock.unlock();
        }
        for (Connection c; (c = idleReaders.pollFirst()) != null; ) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing: nothing left to do with it
        }
    }
}
