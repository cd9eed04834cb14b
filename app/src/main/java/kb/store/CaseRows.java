package kb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Source;
import kb.model.Tagging;

/**
 * How a case is kept: its tagging in columns of the case database, so that a new model re-tags a case by updating
 * a few columns; its content (everything the file says, as JSON) stored in the index with its text
 * ({@link CaseContents}), where compression finds the text twice and keeps it once, and where a new generation
 * shares it with the old one.
 */
public final class CaseRows {
    /** The columns of {@code cases} a {@link CaseRecord}'s tagging is made from, in this order. */
    static final String TAGGING_COLUMNS = "trigger, trigger_source, trigger_confidence, trigger_evidence";

    static final String SCHEMA = """
            CREATE TABLE cases (
              id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, date TEXT NOT NULL, sort_key INTEGER NOT NULL,
              year INTEGER NOT NULL, industry TEXT NOT NULL,
              trigger TEXT NOT NULL, trigger_source TEXT NOT NULL, trigger_confidence REAL NOT NULL,
              trigger_evidence TEXT NOT NULL,
              declared TEXT, model_trigger TEXT NOT NULL, model_confidence REAL NOT NULL, model_evidence TEXT NOT NULL);
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

    private CaseRows() {}

    /** The content of a case, as {@link CaseContents} keeps it. */
    public static byte[] content(CaseRecord c) {
        try {
            return Json.MAPPER.writeValueAsBytes(new Content(c.id(), c.title(), c.date(), c.industry(),
                    c.organization(), c.patterns(), c.systems(), c.sections(), c.lessons(), c.sources()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record from its content and its tagging columns ({@link #TAGGING_COLUMNS}). */
    static CaseRecord record(byte[] content, String trigger, String source, double confidence, String evidence) throws IOException {
        Content c = Json.MAPPER.readValue(content, Content.class);
        return new CaseRecord(c.id(), c.title(), c.date(), c.industry(), c.organization(), trigger, source, confidence,
                strings(evidence), c.patterns(), c.systems(), c.sections(), c.lessons(), c.sources());
    }

    /** The record from its content and a new tagging. */
    public static CaseRecord record(byte[] content, Tagging tagging) throws IOException {
        return record(content, tagging.trigger().slug(), tagging.source().value(), tagging.confidence(), json(tagging.evidence()));
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

}
