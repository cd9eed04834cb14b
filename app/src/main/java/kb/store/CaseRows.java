package kb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Source;

/**
 * How a case is kept in a row of the case database: its content (everything the file says) as deflated JSON,
 * its tagging in columns of their own — so that a new model re-tags a case by updating a few columns.
 */
final class CaseRows {
    /** The columns of {@code cases} a {@link CaseRecord} is made from, in this order. */
    static final String RECORD_COLUMNS = "content, trigger, trigger_source, trigger_confidence, trigger_evidence";

    static final String SCHEMA = """
            CREATE TABLE cases (
              id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, date TEXT NOT NULL, sort_key INTEGER NOT NULL,
              year INTEGER NOT NULL, industry TEXT NOT NULL,
              trigger TEXT NOT NULL, trigger_source TEXT NOT NULL, trigger_confidence REAL NOT NULL,
              trigger_evidence TEXT NOT NULL,
              declared TEXT, model_trigger TEXT NOT NULL, model_confidence REAL NOT NULL, model_evidence TEXT NOT NULL,
              content BLOB NOT NULL, reading BLOB NOT NULL);
            CREATE INDEX cases_by_date ON cases(sort_key DESC, id);
            CREATE INDEX cases_by_trigger ON cases(trigger, sort_key DESC, id);
            CREATE TABLE lessons (
              id TEXT PRIMARY KEY, case_id TEXT NOT NULL, n INTEGER NOT NULL, sort_key INTEGER NOT NULL,
              theme TEXT, text TEXT NOT NULL);
            CREATE INDEX lessons_by_case ON lessons(case_id);
            CREATE INDEX lessons_in_order ON lessons(sort_key DESC, case_id, n);
            CREATE TABLE themes (
              name TEXT PRIMARY KEY, position INTEGER NOT NULL, en TEXT, description TEXT, fits TEXT);
            CREATE TABLE files (
              path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL, hash BLOB NOT NULL,
              case_id TEXT, declared TEXT, duplicate_of TEXT, problems TEXT NOT NULL);
            CREATE TABLE strings (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
            CREATE TABLE settings (key TEXT PRIMARY KEY, value BLOB NOT NULL);
            """;

    /** What the file says of a case: a {@link CaseRecord} without its tagging. */
    private record Content(String id, String title, String date, String industry, String organization,
                           List<String> patterns, List<String> systems, Map<String, String> sections,
                           List<Lesson> lessons, List<Source> sources) {}

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    private CaseRows() {}

    static byte[] content(CaseRecord c) {
        try {
            return deflate(Json.MAPPER.writeValueAsBytes(new Content(c.id(), c.title(), c.date(), c.industry(),
                    c.organization(), c.patterns(), c.systems(), c.sections(), c.lessons(), c.sources())));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record from the columns {@link #RECORD_COLUMNS}. */
    static CaseRecord record(byte[] content, String trigger, String source, double confidence, String evidence) throws IOException {
        Content c = Json.MAPPER.readValue(inflate(content), Content.class);
        return new CaseRecord(c.id(), c.title(), c.date(), c.industry(), c.organization(), trigger, source, confidence,
                strings(evidence), c.patterns(), c.systems(), c.sections(), c.lessons(), c.sources());
    }

    static String json(List<String> strings) {
        try {
            return Json.MAPPER.writeValueAsString(strings);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> strings(String json) throws IOException {
        return Json.MAPPER.readValue(json, STRINGS);
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setInput(bytes);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] bytes) throws IOException {
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 3);
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("a truncated case row");
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("a damaged case row: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
