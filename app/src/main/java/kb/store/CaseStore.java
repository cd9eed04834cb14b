package kb.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import kb.model.CaseRecord;
import kb.model.CaseSummary;
import kb.model.Lesson;
import kb.model.Theme;

/**
 * The case database of a published generation (SQLite), opened read-only: one case or lesson by id, pages of
 * cases, counts, lessons in order. Nothing is held in memory but a few connections, reused across requests; a
 * published generation never changes, so SQLite reads it without locking ({@code immutable=1}).
 */
public final class CaseStore implements Closeable {
    /** Enough for the server's concurrent requests on two cores; more wait for one to be free. */
    private static final int MAX_CONNECTIONS = 8;
    /** Lessons with their cases' titles: the query's start, and how its rows read. */
    private static final String LESSONS_IN_CASES = "SELECT l.id, l.text, l.theme, c.title FROM lessons l JOIN cases c ON c.id = l.case_id ";
    private static final Row<LessonInCase> LESSON_IN_CASE =
            rs -> new LessonInCase(new Lesson(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4));

    /** Counts of the whole casebook, by trigger, by year and trigger, by industry. */
    public record Counts(int total, Map<String, Integer> byTrigger, Map<Integer, Map<String, Integer>> byYearAndTrigger,
                         Map<String, Integer> byIndustry) {}

    /** A lesson with the title of its case. */
    public record LessonInCase(Lesson lesson, String caseTitle) {}

    private final Path file;
    private final BlockingQueue<Handle> idle = new ArrayBlockingQueue<>(MAX_CONNECTIONS);
    private final List<Handle> all = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    private CaseStore(Path file) {
        this.file = file;
    }

    /** Opens the database of a published generation; fails when it cannot be read. */
    public static CaseStore open(Path file) throws IOException {
        CaseStore store = new CaseStore(file);
        store.read(h -> h.statement("SELECT count(*) FROM settings"), rs -> rs.getInt(1)); // it opens and has our schema
        return store;
    }

    /** The case {@code id} from its content (kept in the index) and its tagging (kept here), or empty. */
    public Optional<CaseRecord> find(String id, byte[] content) throws IOException {
        return Optional.ofNullable(read(h -> {
            PreparedStatement st = h.statement("SELECT " + CaseRows.TAGGING_COLUMNS + " FROM cases WHERE id = ?");
            st.setString(1, id);
            return st;
        }, rs -> CaseRows.record(content, rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getString(4))));
    }

    public Optional<Lesson> lesson(String lessonId) throws IOException {
        return Optional.ofNullable(read(h -> {
            PreparedStatement st = h.statement("SELECT id, text, theme FROM lessons WHERE id = ?");
            st.setString(1, lessonId);
            return st;
        }, rs -> new Lesson(rs.getString(1), rs.getString(2), rs.getString(3))));
    }

    /** The lessons of a case, in its order. */
    public List<Lesson> lessonsOf(String caseId) throws IOException {
        return readAll(h -> {
            PreparedStatement st = h.statement("SELECT id, text, theme FROM lessons WHERE case_id = ? ORDER BY n");
            st.setString(1, caseId);
            return st;
        }, rs -> new Lesson(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    /** The titles of the cases among {@code ids} that exist. */
    public Map<String, String> titles(Collection<String> ids) throws IOException {
        Map<String, String> titles = new HashMap<>();
        for (String id : ids) {
            String title = read(h -> {
                PreparedStatement st = h.statement("SELECT title FROM cases WHERE id = ?");
                st.setString(1, id);
                return st;
            }, rs -> rs.getString(1));
            if (title != null) {
                titles.put(id, title);
            }
        }
        return titles;
    }

    /** Cases newest first, from {@code offset}; of one trigger (its slug), or all when {@code trigger} is null. */
    public List<CaseSummary> newest(String trigger, int offset, int limit) throws IOException {
        return readAll(h -> slice(h, trigger == null
                ? "SELECT id, title, date, industry, trigger FROM cases ORDER BY sort_key DESC, id LIMIT ? OFFSET ?"
                : "SELECT id, title, date, industry, trigger FROM cases WHERE trigger = ? ORDER BY sort_key DESC, id LIMIT ? OFFSET ?",
                trigger, offset, limit),
                rs -> new CaseSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    public Counts counts() throws IOException {
        Map<String, Integer> byTrigger = new LinkedHashMap<>();
        Map<Integer, Map<String, Integer>> byYear = new LinkedHashMap<>();
        int[] total = {0};
        readAll(h -> h.statement("SELECT year, trigger, count(*) FROM cases GROUP BY year, trigger ORDER BY year"), rs -> {
            int n = rs.getInt(3);
            total[0] += n;
            byTrigger.merge(rs.getString(2), n, Integer::sum);
            byYear.computeIfAbsent(rs.getInt(1), y -> new LinkedHashMap<>()).put(rs.getString(2), n);
            return null;
        });
        Map<String, Integer> byIndustry = new LinkedHashMap<>();
        readAll(h -> h.statement("SELECT industry, count(*) FROM cases GROUP BY industry"),
                rs -> byIndustry.put(rs.getString(1), rs.getInt(2)));
        return new Counts(total[0], byTrigger, byYear, byIndustry);
    }

    /** How many lessons each theme has (by theme name), and how many have none. */
    public record LessonCounts(Map<String, Integer> byTheme, int withoutTheme) {
        public LessonCounts {
            byTheme = Map.copyOf(byTheme);
        }

        public int total() { return withoutTheme + byTheme.values().stream().mapToInt(Integer::intValue).sum(); }
    }

    public LessonCounts lessonCounts() throws IOException {
        Map<String, Integer> byTheme = new HashMap<>();
        int withoutTheme = 0;
        for (Map.Entry<String, Integer> row : readAll(h -> h.statement("SELECT theme, count(*) FROM lessons GROUP BY theme"),
                rs -> new AbstractMap.SimpleEntry<>(rs.getString(1), rs.getInt(2)))) {
            if (row.getKey() == null) {
                withoutTheme = row.getValue();
            } else {
                byTheme.put(row.getKey(), row.getValue());
            }
        }
        return new LessonCounts(byTheme, withoutTheme);
    }

    /**
     * Every lesson, newest case first and in the case's order, with its case's title, until {@code visitor} says
     * stop: read row by row, never all at once.
     */
    public void lessons(LessonVisitor visitor) throws IOException {
        forEachRow(h -> h.statement(LESSONS_IN_CASES + "ORDER BY l.sort_key DESC, l.case_id, l.n"),
                rs -> visitor.visit(LESSON_IN_CASE.read(rs)));
    }

    /**
     * The lessons {@code offset} to {@code offset + limit} of {@code theme} (null: those without a theme), newest
     * case first, with their cases' titles.
     */
    public List<LessonInCase> lessonsOfTheme(String theme, int offset, int limit) throws IOException {
        return readAll(h -> slice(h, LESSONS_IN_CASES + "WHERE " + (theme == null ? "l.theme IS NULL" : "l.theme = ?")
                + " ORDER BY l.sort_key DESC, l.case_id, l.n LIMIT ? OFFSET ?", theme, offset, limit), LESSON_IN_CASE);
    }

    /** {@code sql} with its parameters: {@code filter} when not null, then the slice's LIMIT and OFFSET. */
    private static PreparedStatement slice(Handle h, String sql, String filter, int offset, int limit) throws SQLException {
        PreparedStatement st = h.statement(sql);
        int i = 1;
        if (filter != null) {
            st.setString(i++, filter);
        }
        st.setInt(i++, limit);
        st.setInt(i, offset);
        return st;
    }

    /** Receives lessons one by one; answers false to stop. */
    @FunctionalInterface
    public interface LessonVisitor {
        boolean visit(LessonInCase lesson) throws IOException;
    }

    /** Every case, newest first, one at a time, its content from {@code contents} (for commands and tests). */
    public void forEachCase(ContentSource contents, Consumer<CaseRecord> action) throws IOException {
        forEachRow(h -> h.statement("SELECT id, " + CaseRows.TAGGING_COLUMNS + " FROM cases ORDER BY sort_key DESC, id"), rs -> {
            action.accept(CaseRows.record(contents.content(rs.getString(1)), rs.getString(2), rs.getString(3),
                    rs.getDouble(4), rs.getString(5)));
            return true;
        });
    }

    /** Where the content of a case is kept. */
    @FunctionalInterface
    public interface ContentSource {
        byte[] content(String id) throws IOException;
    }

    public List<Theme> themes() throws IOException {
        return readAll(h -> h.statement("SELECT name, en, description, fits FROM themes ORDER BY position"),
                rs -> new Theme(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            for (Handle h : all) {
                h.close();
            }
            all.clear();
        }
    }

    /** One query's statement, prepared on the connection it is given. */
    @FunctionalInterface
    private interface Query {
        PreparedStatement prepare(Handle h) throws SQLException;
    }

    /** Reads the current row. */
    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException, IOException;
    }

    /** The first row's value, or null when there is none. */
    private <T> T read(Query query, Row<T> row) throws IOException {
        Handle h = borrow();
        try (ResultSet rs = query.prepare(h).executeQuery()) {
            return rs.next() ? row.read(rs) : null;
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            release(h);
        }
    }

    private <T> List<T> readAll(Query query, Row<T> row) throws IOException {
        List<T> values = new ArrayList<>();
        forEachRow(query, rs -> values.add(row.read(rs)));
        return values;
    }

    /** Reads row by row, never all at once, until {@code row} answers false. */
    private void forEachRow(Query query, Row<Boolean> row) throws IOException {
        Handle h = borrow();
        try (ResultSet rs = query.prepare(h).executeQuery()) {
            while (rs.next()) {
                if (!row.read(rs)) {
                    break;
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            release(h);
        }
    }

    private IOException failure(SQLException e) {
        return new IOException("cannot read case database " + file + ": " + e.getMessage(), e);
    }

    private Handle borrow() throws IOException {
        if (closed) {
            throw new IOException("the case database " + file + " is closed");
        }
        Handle h = idle.poll();
        if (h != null) {
            return h;
        }
        if (opened.incrementAndGet() <= MAX_CONNECTIONS) {
            try {
                h = new Handle(DriverManager.getConnection(url(file, true)));
            } catch (SQLException e) {
                opened.decrementAndGet();
                throw failure(e);
            }
            synchronized (all) {
                all.add(h);
            }
            return h;
        }
        opened.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the case database", e);
        }
    }

    private void release(Handle h) {
        if (closed) {
            h.close();
        } else {
            idle.offer(h);
        }
    }

    /** The JDBC address of a database file; read-only ones are immutable (published generations never change). */
    static String url(Path file, boolean readOnly) {
        String path = file.toAbsolutePath().toUri().getRawPath();
        return "jdbc:sqlite:file:" + path + (readOnly ? "?mode=ro&immutable=1" : "");
    }

    /** A connection with its prepared statements, used by one thread at a time. */
    private static final class Handle {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Handle(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement st = statements.get(sql);
            if (st == null) {
                st = connection.prepareStatement(sql);
                statements.put(sql, st);
            }
            return st;
        }

        void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a read-only connection: nothing to lose
            }
        }
    }
}
