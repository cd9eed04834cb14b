package kb.bench;

import java.io.IOException;
import java.util.List;

/** A search system under test: a query in, the ids of its best cases and how many it found out. */
public interface Ranker {
    /** The top {@code k} case ids, best first, and the number of cases found. */
    record Ranking(List<String> ids, long total) {}

    String name();

    Ranking rank(String query, int k) throws IOException;
}
