package kb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Queries with the cases a reader judged relevant to them: {@code - {query: ..., relevant: [id, ...]}}. */
public record JudgedQueries(List<Judged> queries) {

    /** One judged query; {@code note} says what the user was after. */
    public record Judged(String query, List<String> relevant, String note) {}

    public static JudgedQueries read(Path file) throws IOException {
        JsonNode root = new YAMLMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": expected a list of {query, relevant: [ids]}");
        }
        List<Judged> queries = new ArrayList<>();
        for (JsonNode item : root) {
            String query = item.path("query").asText("");
            List<String> relevant = new ArrayList<>();
            item.path("relevant").forEach(id -> relevant.add(id.asText()));
            if (query.isBlank() || relevant.isEmpty()) {
                throw new IOException(file + ": entry " + (queries.size() + 1) + " needs a query and relevant ids");
            }
            queries.add(new Judged(query, List.copyOf(relevant), item.path("note").asText(null)));
        }
        return new JudgedQueries(List.copyOf(queries));
    }
}
