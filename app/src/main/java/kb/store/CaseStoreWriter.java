package kb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kb.corpus.Problem;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Tagging;
import kb.model.Theme;
import kb.model.Trigger;

/**
 * Writes the case database of a generation being built: a new file, or a copy of the previous generation's
 * being updated. One thread writes (SQLite allows one writer); nothing is durable before {@link #finish()},
 * which is fine — a generation is published only once complete, and a half-written one is deleted.
 */
public final class CaseStoreWriter implements Closeable {
    /** A case as its database row keeps it: its record's columns and tagging, its declared trigger, the model's view. */
    public record StoredCase(CaseRecord record, int sortKey, int year, Trigger declared, Tagging model) {}

    /**
     * What the ingest knows of a corpus file: to tell next time whether it changed (size, time, content hash), the
     * case it gave (null: rejected) and the trigger it declares (null: none), and its problems to report again.
     */
    public record FileEntry(String path, long size, long modifiedNanos, byte[] hash, String caseId, String declared,
                            String duplicateOf, List<Problem> problems) {}

    /** A case's tagging as the model and the tagger decided it, for cases re-tagged by a new model. */
    public record Retagged(String id, Tagging tagging, Tagging model) {}

    private static final TypeReference<List<StoredProblem>> PROBLEMS = new TypeReference<>() {};

    /** A problem as stored with its file (the file is the row's). */
    private record StoredProblem(int line, Problem.Severity severity, String message) {}

    private final Path file;
    private final Connection db;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private CaseStoreWriter(Path file, boolean create) throws IOException {
        this.file = file;
        try {
            db = DriverManager.getConnection(CaseStore.url(file, false));
            try (Statement st = db.createStatement()) {
                // A generation being built is thrown away whole if anything fails: no journal, no syncs until finish().
                st.execute("PRAGMA journal_mode = OFF");
                st.execute("PRAGMA synchronous = OFF");
                st.execute("PRAGMA cache_size = -65536");
                if (create) {
                    for (String ddl : CaseRows.SCHEMA.split(";")) {
                        if (!ddl.isBlank()) {
                            st.execute(ddl);
                        }
                    }
                }
            }
            db.setAutoCommit(false);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** A new, empty database at {@code file}. */
    public static CaseStoreWriter create(Path file) throws IOException {
        return new CaseStoreWriter(file, true);
    }

    /** {@code previous} copied to {@code file}, to update. */
    public static CaseStoreWriter copy(Path previous, Path file) throws IOException {
        Files.copy(previous, file);
        return new CaseStoreWriter(file, false);
    }

    public void putCase(StoredCase c) throws IOException {
        CaseRecord r = c.record();
        try {
            deleteCase(r.id());
            PreparedStatement st = statement("INSERT INTO cases (id, title, date, sort_key, year, industry, trigger, "
                    + "trigger_source, trigger_confidence, trigger_evidence, declared, model_trigger, model_confidence, "
                    + "model_evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            st.setString(1, r.id());
            st.setString(2, r.title());
            st.setString(3, r.date());
            st.setInt(4, c.sortKey());
            st.setInt(5, c.year());
            st.setString(6, r.industry());
            st.setString(7, r.trigger());
            st.setString(8, r.triggerSource());
            st.setDouble(9, r.triggerConfidence());
            st.setString(10, CaseRows.json(r.triggerEvidence()));
            st.setString(11, c.declared() == null ? null : c.declared().slug());
            st.setString(12, c.model().trigger().slug());
            st.setDouble(13, c.model().confidence());
            st.setString(14, CaseRows.json(c.model().evidence()));
            st.executeUpdate();
            PreparedStatement lesson = statement("INSERT INTO lessons (id, case_id, n, sort_key, theme, text) VALUES (?,?,?,?,?,?)");
            int n = 0;
            for (Lesson l : r.lessons()) {
                lesson.setString(1, l.id());
                lesson.setString(2, r.id());
                lesson.setInt(3, ++n);
                lesson.setInt(4, c.sortKey());
                lesson.setString(5, l.theme());
                lesson.setString(6, l.text());
                lesson.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public void deleteCase(String id) throws IOException {
        try {
            PreparedStatement st = statement("DELETE FROM cases WHERE id = ?");
            st.setString(1, id);
            st.executeUpdate();
            PreparedStatement lessons = statement("DELETE FROM lessons WHERE case_id = ?");
            lessons.setString(1, id);
            lessons.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public void retag(Retagged r) throws IOException {
        try {
            // Rows the new model tags as the old one did are left alone: fewer pages to write.
            PreparedStatement st = statement("UPDATE cases SET trigger = ?1, trigger_source = ?2, trigger_confidence = ?3, "
                    + "trigger_evidence = ?4, model_trigger = ?5, model_confidence = ?6, model_evidence = ?7 WHERE id = ?8 "
                    + "AND (trigger IS NOT ?1 OR trigger_source IS NOT ?2 OR trigger_confidence IS NOT ?3 "
                    + "OR trigger_evidence IS NOT ?4 OR model_trigger IS NOT ?5 OR model_confidence IS NOT ?6 "
                    + "OR model_evidence IS NOT ?7)");
            st.setString(1, r.tagging().trigger().slug());
            st.setString(2, r.tagging().source().value());
            st.setDouble(3, r.tagging().confidence());
            st.setString(4, CaseRows.json(r.tagging().evidence()));
            st.setString(5, r.model().trigger().slug());
            st.setDouble(6, r.model().confidence());
            st.setString(7, CaseRows.json(r.model().evidence()));
            st.setString(8, r.id());
            st.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public void putFile(FileEntry f) throws IOException {
        try {
            PreparedStatement st = statement("INSERT OR REPLACE INTO files (path, size, modified, hash, case_id, declared, "
                    + "duplicate_of, problems) VALUES (?,?,?,?,?,?,?,?)");
            st.setString(1, f.path());
            st.setLong(2, f.size());
            st.setLong(3, f.modifiedNanos());
            st.setBytes(4, f.hash());
            st.setString(5, f.caseId());
            st.setString(6, f.declared());
            st.setString(7, f.duplicateOf());
            st.setString(8, Json.MAPPER.writeValueAsString(f.problems().stream()
                    .map(p -> new StoredProblem(p.line(), p.severity(), p.message())).toList()));
            st.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteFile(String path) throws IOException {
        try {
            PreparedStatement st = statement("DELETE FROM files WHERE path = ?");
            st.setString(1, path);
            st.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public void putThemes(List<Theme> themes) throws IOException {
        try {
            statement("DELETE FROM themes").executeUpdate();
            PreparedStatement st = statement("INSERT INTO themes (name, position, en, description, fits) VALUES (?,?,?,?,?)");
            int position = 0;
            for (Theme t : themes) {
                st.setString(1, t.name());
                st.setInt(2, position++);
                st.setString(3, t.en());
                st.setString(4, t.description());
                st.setString(5, t.fits());
                st.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Appends {@code texts} to the string table, numbered from {@code firstId}. */
    public void putStrings(int firstId, List<String> texts) throws IOException {
        try {
            PreparedStatement st = statement("INSERT INTO strings (id, text) VALUES (?,?)");
            for (int i = 0; i < texts.size(); i++) {
                st.setInt(1, firstId + i);
                st.setString(2, texts.get(i));
                st.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public void putSetting(String key, byte[] value) throws IOException {
        try {
            PreparedStatement st = statement("INSERT OR REPLACE INTO settings (key, value) VALUES (?,?)");
            st.setString(1, key);
            st.setBytes(2, value);
            st.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Commits, closes and syncs the file: after this the database is whole on disk. */
    public void finish() throws IOException {
        try {
            db.commit();
        } catch (SQLException e) {
            throw failure(e);
        }
        close();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            for (PreparedStatement st : statements.values()) {
                st.close();
            }
            statements.clear();
            db.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    // What the copied database held before this ingest (read before changing it).

    /** The files the previous ingest read, by path. */
    public Map<String, FileEntry> files() throws IOException {
        Map<String, FileEntry> files = new HashMap<>();
        forEachRow("SELECT path, size, modified, hash, case_id, declared, duplicate_of, problems FROM files", rs -> {
            String path = rs.getString(1);
            files.put(path, new FileEntry(path, rs.getLong(2), rs.getLong(3), rs.getBytes(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), problems(Path.of(path), rs.getString(8))));
        });
        return files;
    }

    /** A setting, or null. */
    public byte[] setting(String key) throws IOException {
        try {
            PreparedStatement st = statement("SELECT value FROM settings WHERE key = ?");
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The string table, in id order from 1. */
    public List<String> strings() throws IOException {
        List<String> texts = new ArrayList<>();
        forEachRow("SELECT id, text FROM strings ORDER BY id", rs -> {
            if (rs.getInt(1) != texts.size() + 1) {
                throw new IOException("the string table of " + file + " has a gap at " + (texts.size() + 1));
            }
            texts.add(rs.getString(2));
        });
        return texts;
    }

    /** The declared trigger of every case that declares one, by case id. */
    public Map<String, Trigger> declaredTriggers() throws IOException {
        Map<String, Trigger> declared = new HashMap<>();
        forEachRow("SELECT id, declared FROM cases WHERE declared IS NOT NULL",
                rs -> declared.put(rs.getString(1), Trigger.fromSlug(rs.getString(2)).orElseThrow()));
        return declared;
    }

    /** An inferred case, how sure the model was of it. */
    public record Inferred(String id, String trigger, double confidence) {}

    /** A declared case the model reads as another trigger. */
    public record Disagreement(String path, String declared, String model, double confidence, List<String> evidence) {}

    /** Per tagging source ("declared", "inferred"), how many cases of each trigger. */
    public Map<String, Map<String, Integer>> taggingCounts() throws IOException {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        forEachRow("SELECT trigger_source, trigger, count(*) FROM cases GROUP BY trigger_source, trigger",
                rs -> counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3)));
        return counts;
    }

    /** The inferred cases below {@code confidence}, least confident first. */
    public List<Inferred> inferredBelow(double confidence) throws IOException {
        List<Inferred> found = new ArrayList<>();
        forEachRow("SELECT id, trigger, trigger_confidence FROM cases "
                + "WHERE trigger_source = 'inferred' AND trigger_confidence < ? ORDER BY trigger_confidence, id",
                rs -> found.add(new Inferred(rs.getString(1), rs.getString(2), rs.getDouble(3))), confidence);
        return found;
    }

    public List<Disagreement> disagreements() throws IOException {
        List<Disagreement> found = new ArrayList<>();
        forEachRow("SELECT f.path, c.trigger, c.model_trigger, c.model_confidence, c.model_evidence "
                + "FROM cases c JOIN files f ON f.case_id = c.id WHERE c.declared IS NOT NULL AND c.model_trigger <> c.trigger "
                + "ORDER BY f.path",
                rs -> found.add(new Disagreement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4),
                        CaseRows.strings(rs.getString(5)))));
        return found;
    }

    /** Every file's problems, by path; and how many files were rejected. */
    public record FileProblems(List<Problem> problems, int rejected) {}

    public FileProblems fileProblems() throws IOException {
        List<Problem> problems = new ArrayList<>();
        int[] rejected = {0};
        // Only the files with something to say: most of 100,000 have no problem and a case.
        forEachRow("SELECT path, problems, case_id FROM files WHERE problems <> '[]' OR case_id IS NULL ORDER BY path", rs -> {
            problems.addAll(problems(Path.of(rs.getString(1)), rs.getString(2)));
            if (rs.getString(3) == null) {
                rejected[0]++;
            }
        });
        return new FileProblems(problems, rejected[0]);
    }

    static List<Problem> problems(Path file, String json) throws IOException {
        if (json.equals("[]")) {
            return List.of(); // most files: no JSON parser needed
        }
        return Json.MAPPER.readValue(json, PROBLEMS).stream()
                .map(p -> new Problem(file, p.line(), p.severity(), p.message())).toList();
    }

    /** Reads the current row. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException, IOException;
    }

    /** Hands {@code reader} each row {@code sql} selects, its parameters bound to {@code args} in order. */
    private void forEachRow(String sql, RowReader reader, Object... args) throws IOException {
        try {
            PreparedStatement st = statement(sql);
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement st = statements.get(sql);
        if (st == null) {
            st = db.prepareStatement(sql);
            statements.put(sql, st);
        }
        return st;
    }

    private IOException failure(SQLException e) {
        return new IOException("cannot write case database " + file + ": " + e.getMessage(), e);
    }
}
