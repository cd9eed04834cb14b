package kb.search;

import java.io.IOException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.util.Bits;

/**
 * The documents of an index's cases as they are now. A case re-ingested or removed stays in its segment, deleted,
 * until a merge drops it: whatever walks every document must skip it, or it shows a case's old text or a removed case.
 */
public final class LiveCases {
    private LiveCases() {}

    /** Receives one live document (its id in {@code reader}). */
    @FunctionalInterface
    public interface Visitor {
        void visit(int doc) throws IOException;
    }

    /** Each live document of {@code reader}, in index order. */
    public static void forEach(IndexReader reader, Visitor visitor) throws IOException {
        Bits live = MultiBits.getLiveDocs(reader);
        for (int doc = 0; doc < reader.maxDoc(); doc++) {
            if (live == null || live.get(doc)) {
                visitor.visit(doc);
            }
        }
    }
}
