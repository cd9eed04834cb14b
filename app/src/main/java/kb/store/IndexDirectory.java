package kb.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.lucene.util.IOUtils;

/**
 * The knowledge-base directory ({@code index/}). Each ingest builds a complete new generation
 * ({@code gen-…/cases.db} and {@code gen-…/lucene/}) beside the live one and then switches the
 * {@code CURRENT} file to it with an atomic rename, so a failed or killed ingest leaves the previous
 * generation live. The users' database ({@code users.db}) sits beside the generations; ingest never touches it.
 */
public final class IndexDirectory {
    private static final String CURRENT = "CURRENT";
    private static final String CURRENT_TMP = CURRENT + ".tmp";
    private static final String PREFIX = "gen-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path root;

    public IndexDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }

    public Path usersDatabase() { return root.resolve("users.db"); }

    public static Path casesDatabase(Path generation) { return generation.resolve("cases.db"); }

    public static Path luceneIndex(Path generation) { return generation.resolve("lucene"); }

    /** The live generation, if an ingest has ever completed here. */
    public Optional<Path> current() throws IOException {
        Path pointer = root.resolve(CURRENT);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        Path generation = root.resolve(Files.readString(pointer).strip());
        return Files.isDirectory(generation) ? Optional.of(generation) : Optional.empty();
    }

    /** Takes the ingest lock, or answers empty when another ingest holds it. */
    public Optional<FileLock> lockForIngest() throws IOException {
        Files.createDirectories(root);
        FileChannel channel = FileChannel.open(root.resolve(".ingest.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
        }
        return Optional.ofNullable(lock);
    }

    /** A fresh, empty generation directory for an ingest to fill. */
    public Path newGeneration() throws IOException {
        Path generation = root.resolve(PREFIX + LocalDateTime.now().format(STAMP) + "-" + ProcessHandle.current().pid());
        Files.createDirectories(luceneIndex(generation));
        return generation;
    }

    /**
     * Makes {@code generation} the live one (atomically), then removes every other generation. The generation's
     * directory is synced before the switch and the knowledge-base directory after it, so that after a power
     * loss CURRENT names a generation whose files are all on disk.
     */
    public void publish(Path generation) throws IOException {
        IOUtils.fsync(generation, true);
        Path tmp = root.resolve(CURRENT_TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((generation.getFileName() + "\n").getBytes()));
            ch.force(true);
        }
        try {
            Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + root + " cannot switch generations atomically", e);
        }
        IOUtils.fsync(root, true);
        removeGenerationsExcept(generation);
    }

    /**
     * Removes what killed ingests left (half-built generations, {@code CURRENT.tmp}) and generations no longer
     * live. Only under the ingest lock: an ingest running meanwhile would lose the generation it is building.
     */
    public void removeLeftovers(FileLock ingestLock) throws IOException {
        if (!ingestLock.isValid()) {
            throw new IllegalStateException("the ingest lock is not held");
        }
        Files.deleteIfExists(root.resolve(CURRENT_TMP));
        removeGenerationsExcept(current().orElse(null));
    }

    /** {@link #removeLeftovers} when no ingest is running (a server starting); false when one is. */
    public boolean removeLeftoversUnlessIngesting() throws IOException {
        Optional<FileLock> lock = lockForIngest();
        if (lock.isEmpty()) {
            return false;
        }
        try (FileChannel channel = lock.get().channel(); FileLock held = lock.get()) {
            removeLeftovers(held);
            return true;
        }
    }

    /** Deletes generations other than {@code keep} (null: all): older ones, and leftovers of killed ingests. */
    private void removeGenerationsExcept(Path keep) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> !p.equals(keep)).toList()) {
                deleteTree(p);
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
