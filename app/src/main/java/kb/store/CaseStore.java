package kb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Theme;

/**
 * The case database (SQLite): one row per tagged case with its full JSON, its lessons in a table of
 * their own, and the themes. Written once per ingest into a fresh file; read whole at start-up.
 */
public final class CaseStore {
    private static final String SCHEMA = """
            CREATE TABLE cases (
              id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL, industry TEXT NOT NULL,
              trigger TEXT NOT NULL, trigger_source TEXT NOT NULL, json TEXT NOT NULL);
            CREATE TABLE lessons (
              id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), n INTEGER NOT NULL,
              theme TEXT, text TEXT NOT NULL);
            CREATE TABLE themes (
              name TEXT PRIMARY KEY, position INTEGER NOT NULL, en TEXT, description TEXT, fits TEXT);
            """;

    /** What a case database holds. */
    public record Contents(List<CaseRecord> cases, List<Theme> themes) {}

    private CaseStore() {}

    public static void write(Path file, List<CaseRecord> cases, List<Theme> themes) throws IOException {
        try (Connection db = connect(file)) {
            db.setAutoCommit(false);
            try (Statement st = db.createStatement()) {
                for (String ddl : SCHEMA.split(";")) {
                    if (!ddl.isBlank()) {
                        st.execute(ddl);
                    }
                }
            }
            try (PreparedStatement insertCase = db.prepareStatement("INSERT INTO cases VALUES (?,?,?,?,?,?,?)");
                 PreparedStatement insertLesson = db.prepareStatement("INSERT INTO lessons VALUES (?,?,?,?,?)");
                 PreparedStatement insertTheme = db.prepareStatement("INSERT INTO themes VALUES (?,?,?,?,?)")) {
                for (CaseRecord c : cases) {
                    insertCase.setString(1, c.id());
                    insertCase.setString(2, c.title());
                    insertCase.setString(3, c.date());
                    insertCase.setString(4, c.industry());
                    insertCase.setString(5, c.trigger());
                    insertCase.setString(6, c.triggerSource());
                    insertCase.setString(7, Json.MAPPER.writeValueAsString(c));
                    insertCase.addBatch();
                    int n = 0;
                    for (Lesson l : c.lessons()) {
                        insertLesson.setString(1, l.id());
                        insertLesson.setString(2, c.id());
                        insertLesson.setInt(3, ++n);
                        insertLesson.setString(4, l.theme());
                        insertLesson.setString(5, l.text());
                        insertLesson.addBatch();
                    }
                }
                int position = 0;
                for (Theme t : themes) {
                    insertTheme.setString(1, t.name());
                    insertTheme.setInt(2, position++);
                    insertTheme.setString(3, t.en());
                    insertTheme.setString(4, t.description());
                    insertTheme.setString(5, t.fits());
                    insertTheme.addBatch();
                }
                insertCase.executeBatch();
                insertLesson.executeBatch();
                insertTheme.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            throw new IOException("cannot write case database " + file + ": " + e.getMessage(), e);
        }
    }

    public static Contents read(Path file) throws IOException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
             Statement st = db.createStatement()) {
            List<CaseRecord> cases = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT json FROM cases ORDER BY date DESC, id")) {
                while (rs.next()) {
                    cases.add(Json.MAPPER.readValue(rs.getString(1), CaseRecord.class));
                }
            }
            List<Theme> themes = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name, en, description, fits FROM themes ORDER BY position")) {
                while (rs.next()) {
                    themes.add(new Theme(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return new Contents(List.copyOf(cases), List.copyOf(themes));
        } catch (SQLException | JsonProcessingException e) {
            throw new IOException("cannot read case database " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }
}
