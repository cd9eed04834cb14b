package kb.loadbench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kb.search.CaseText;
import kb.store.KnowledgeBase;

/**
 * What a user might pick instead: SQLite FTS5 with the trigram tokenizer over the same cases (title and body as
 * the index reads them), ranked by bm25 with a snippet, the filter as a column. Words of fewer than three
 * characters cannot use a trigram index: they are matched by substring, as a user of FTS5 would have to.
 */
final class Fts5Trigram implements Closeable {
    private final Path file;
    private final ThreadLocal<Connection> connections;
    private final List<Connection> opened = new ArrayList<>();

    private Fts5Trigram(Path file) {
        this.file = file;
        this.connections = ThreadLocal.withInitial(this::connect);
    }

    /** Builds the table from the knowledge base's cases. */
    static Fts5Trigram build(Path file, KnowledgeBase kb) throws IOException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode = OFF");
                st.execute("PRAGMA synchronous = OFF");
                st.execute("CREATE VIRTUAL TABLE cases USING fts5(id UNINDEXED, title, body, trigger UNINDEXED, "
                        + "industry UNINDEXED, tokenize = 'trigram')");
            }
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO cases VALUES (?,?,?,?,?)")) {
                SQLException[] failed = {null};
                kb.forEachCase(c -> {
                    try {
                        insert.setString(1, c.id());
                        insert.setString(2, c.title());
                        insert.setString(3, CaseText.of(c).body());
                        insert.setString(4, c.trigger());
                        insert.setString(5, c.industry());
                        insert.executeUpdate();
                    } catch (SQLException e) {
                        failed[0] = e;
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new IOException("cannot build the FTS5 reference: " + e.getMessage(), e);
        }
        return new Fts5Trigram(file);
    }

    private Connection connect() {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toUri().getRawPath() + "?mode=ro");
            synchronized (opened) {
                opened.add(c);
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Searches; answers how many of the top ten came back. */
    int search(QueryMix.Query q) throws SQLException {
        List<String> match = new ArrayList<>();
        List<String> substrings = new ArrayList<>();
        for (String word : q.text().split("\\s+")) {
            if (word.codePointCount(0, word.length()) >= 3) {
                match.add("\"" + word.replace("\"", "\"\"") + "\"");
            } else {
                substrings.add(word);
            }
        }
        StringBuilder sql = new StringBuilder("SELECT id, title, snippet(cases, 2, '<mark>', '</mark>', '…', 16) FROM cases WHERE ");
        List<String> args = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (!match.isEmpty()) {
            where.add("cases MATCH ?");
            args.add(String.join(" AND ", match));
        }
        for (String s : substrings) {
            where.add("(instr(body, ?) > 0 OR instr(title, ?) > 0)");
            args.add(s);
            args.add(s);
        }
        if (q.trigger() != null) {
            where.add("trigger = ?");
            args.add(q.trigger().slug());
        }
        if (q.industry() != null) {
            where.add("industry = ?");
            args.add(q.industry());
        }
        sql.append(String.join(" AND ", where)).append(match.isEmpty() ? " LIMIT 10" : " ORDER BY rank LIMIT 10");
        try (PreparedStatement st = connections.get().prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                st.setString(i + 1, args.get(i));
            }
            int n = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    @Override
    public void close() {
        synchronized (opened) {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // a read-only connection
                }
            }
        }
    }
}
