package kb.users.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.users.AuditLog;
import kb.users.Fixture;
import kb.users.UsersDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 20 threads, each with its own service and connections to the same file, attach at the same moment. */
class ConcurrentAttachTest {
    private static final int THREADS = 20;

    @TempDir
    Path dir;

    @Test
    void twentyThreadsAttachingAtOnceLoseNoAttachment() throws Exception {
        try (Fixture fx = Fixture.create(dir)) {
            TicketService setup = new TicketService(fx.db, fx.access, fx.live(), fx.clock);
            setup.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("t1", "s", null));
            setup.create(Fixture.REVIEWER, "CHG-2", new TicketDraft("t2", "s", null));
            List<String> lessons = kb.TestCorpus.cases(fx.kb()).stream().map(CaseRecord::lessons).flatMap(List::stream)
                    .map(Lesson::id).toList();

            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < THREADS; i++) {
                String key = "CHG-" + (i % 2 + 1);
                String lesson = lessons.get(i / 2);
                expected.add(key + " " + lesson);
                // A database object per thread, as separate server workers or processes would have.
                TicketService own = new TicketService(UsersDatabase.open(fx.index.usersDatabase()), fx.access, fx.live(), fx.clock);
                done.add(pool.submit(() -> {
                    start.await();
                    return own.attach(Fixture.REVIEWER, key, lesson, "thread");
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(); // rethrows a failed attach
            }
            pool.shutdown();

            Set<String> stored = new HashSet<>();
            for (String key : List.of("CHG-1", "CHG-2")) {
                setup.get(null, key).attachments().forEach(a -> stored.add(key + " " + a.lessonId()));
            }
            assertEquals(expected, stored);
            assertEquals(THREADS, new AuditLog(fx.db).list(Fixture.ADMIN, 0, 200).stream()
                    .filter(e -> e.action().equals("ticket.attach")).count());
        }
    }
}
