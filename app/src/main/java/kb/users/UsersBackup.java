package kb.users;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Backing up and restoring users.db — the one file ingest cannot rebuild. A backup is SQLite's {@code VACUUM INTO}:
 * one read transaction, so it is consistent even while the server writes, and it needs no {@code sqlite3} program.
 * Backups are created readable by their owner only, like users.db: they hold password hashes.
 */
public final class UsersBackup {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private UsersBackup() {}

    /** Writes a consistent copy of the database to {@code target}, which must not exist yet; checks the copy. */
    public static void backup(UsersDatabase db, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new IOException(target + " はすでにあります。別の名前にしてください（バックアップは上書きしません; it exists)");
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = dir.resolve(target.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        UsersDatabase.createOwnerOnly(partial);
        try {
            db.withoutTransaction(c -> {
                try (PreparedStatement st = c.prepareStatement("VACUUM INTO ?")) {
                    st.setString(1, partial.toString());
                    st.execute();
                }
                return null;
            });
            check(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Replaces the database with a backup. Refuses while a server holds it ({@link UsersDatabase#holdForServing}),
     * and refuses a file that is not a sound users database. The replaced database is kept beside it as
     * {@code users.db.replaced-<time>}.
     *
     * @return where the replaced database was kept, or null when there was none
     */
    public static Path restore(Path backup, Path file) throws IOException {
        if (!Files.isRegularFile(backup)) {
            throw new IOException("バックアップ " + backup + " がありません (no such file)");
        }
        check(backup);
        try (FileChannel channel = UsersDatabase.lockChannel(file)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException(file.getParent() + " でサーバーが動いています。止めてから復元してください (a server is running on it: stop it before restoring)");
            }
            Path kept = null;
            if (Files.exists(file)) {
                checkpoint(file);
                kept = file.resolveSibling(file.getFileName() + ".replaced-" + LocalDateTime.now().format(STAMP));
                Files.move(file, kept);
            }
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
            Path incoming = file.resolveSibling(file.getFileName() + ".restoring");
            Files.deleteIfExists(incoming);
            UsersDatabase.createOwnerOnly(incoming);
            Files.copy(backup, incoming, StandardCopyOption.REPLACE_EXISTING);
            UsersDatabase.restrictToOwner(incoming);
            Files.move(incoming, file, StandardCopyOption.ATOMIC_MOVE);
            return kept;
        }
    }

    /** Refuses a file that is not a users database this program can open, or that SQLite finds damaged. */
    private static void check(Path file) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                String result = rs.next() ? rs.getString(1) : "no answer";
                if (!result.equals("ok")) {
                    throw new IOException(file + " は壊れています (damaged): " + result);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'audit')")) {
                if (rs.getInt(1) != 2) {
                    throw new IOException(file + " は users.db のバックアップではありません (not a users database: no users and audit tables)");
                }
            }
        } catch (SQLException e) {
            throw new IOException(file + " は SQLite のデータベースとして読めません (not a readable SQLite database): " + e.getMessage(), e);
        }
    }

    /** Folds the write-ahead log into the file, so that moving the file alone keeps every committed write. */
    private static void checkpoint(Path file) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new IOException("置き換える前の " + file + " を読めません (cannot read it before replacing it): " + e.getMessage(), e);
        }
    }
}
