package kb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries with the cases a reader judged for them: {@code - {query: ..., relevant: [id, ...], partial: [id, ...]}}.
 * {@code relevant} cases have grade 2, {@code partial} ones grade 1; a file with {@code relevant} lists only is
 * binary. {@code need} (or {@code note}) says what the user was after, {@code style} how the query was typed.
 */
public record JudgedQueries(Path file, List<Judged> queries) {
    public static final int RELEVANT = 2;
    public static final int PARTIAL = 1;

    /** One judged query; {@code grades} maps each judged case to its grade, relevant ones first. */
    public record Judged(String query, Map<String, Integer> grades, String need, String style) {
        public Judged {
            grades = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grades));
        }

        /** A query with binary judgements: every listed case relevant. */
        public static Judged binary(String query, List<String> relevant) {
            Map<String, Integer> grades = new LinkedHashMap<>();
            relevant.forEach(id -> grades.put(id, RELEVANT));
            return new Judged(query, grades, null, null);
        }

        public int grade(String id) { return grades.getOrDefault(id, 0); }

        /** Whether any case was judged relevant or partial: a query without any has no nDCG. */
        public boolean judged() { return !grades.isEmpty(); }
    }

    public static JudgedQueries read(Path file) throws IOException {
        JsonNode root = new YAMLMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": expected a list of {query, relevant: [ids], partial: [ids]}");
        }
        List<Judged> queries = new ArrayList<>();
        for (JsonNode item : root) {
            int entry = queries.size() + 1;
            String query = item.path("query").asText("");
            if (query.isBlank()) {
                throw new IOException(file + ": entry " + entry + " has no query");
            }
            Map<String, Integer> grades = new LinkedHashMap<>();
            item.path("relevant").forEach(id -> grades.put(id.asText(), RELEVANT));
            for (JsonNode id : item.path("partial")) {
                if (grades.putIfAbsent(id.asText(), PARTIAL) != null) {
                    throw new IOException(file + ": entry " + entry + " (" + query + ") lists " + id.asText()
                            + " as both relevant and partial");
                }
            }
            if (!item.has("relevant") && !item.has("partial")) {
                throw new IOException(file + ": entry " + entry + " (" + query + ") needs relevant (and partial) ids");
            }
            String need = item.hasNonNull("need") ? item.get("need").asText() : item.path("note").asText(null);
            queries.add(new Judged(query, grades, need, item.path("style").asText(null)));
        }
        return new JudgedQueries(file, List.copyOf(queries));
    }
}
