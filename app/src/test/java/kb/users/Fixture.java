package kb.users;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import kb.ingest.Ingest;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;

/**
 * A real knowledge base ingested from the test corpus, and a real users' database, in a temporary
 * directory. {@link #reingest} swaps the live knowledge base, as the server does after an ingest.
 */
public final class Fixture implements AutoCloseable {
    public static final User ADMIN = new User(1, "ada", Role.ADMIN);
    public static final User REVIEWER = new User(2, "rei", Role.REVIEWER);
    public static final User TRAINER = new User(3, "toru", Role.TRAINER);
    public static final User READER = new User(4, "rin", Role.READER);

    public final Path root;
    public final IndexDirectory index;
    public final UsersDatabase db;
    public final Access access;
    public final Clock clock = Clock.systemUTC();
    private final AtomicReference<KnowledgeBase> kb = new AtomicReference<>();

    private Fixture(Path root, Path corpus) throws Exception {
        this.root = root;
        this.index = new IndexDirectory(root.resolve("index"));
        reingest(corpus);
        this.db = UsersDatabase.open(index.usersDatabase());
        this.access = new Access(db);
    }

    /** Ingests the test corpus into {@code root}/index. */
    public static Fixture create(Path root) throws Exception {
        return new Fixture(root, testCorpus());
    }

    /** Ingests a copy of the test corpus that can be changed and re-ingested (see {@link #corpusCopy}). */
    public static Fixture createWithCopy(Path root) throws Exception {
        Path copy = root.resolve("corpus");
        copyTree(testCorpus(), copy);
        return new Fixture(root, copy);
    }

    public static Path testCorpus() throws URISyntaxException {
        return Path.of(Fixture.class.getResource("/corpus").toURI());
    }

    public Path corpusCopy() { return root.resolve("corpus"); }

    public KnowledgeBase kb() { return kb.get(); }

    public Supplier<KnowledgeBase> live() { return kb::get; }

    /** Ingests {@code corpus} again and makes the result the live knowledge base. */
    public void reingest(Path corpus) throws Exception {
        Ingest.run(new Ingest.Options(List.of(corpus), index.root(), null));
        KnowledgeBase old = kb.getAndSet(KnowledgeBase.open(index));
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() throws IOException {
        kb.get().close();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
