package kb.search;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

/**
 * The Lucene queries of one search, built by {@link CaseQueryBuilder}. For each chunk typed: {@code whole}, the
 * chunk as a whole (its phrase, thesaurus alternatives, readings, its words near each other …) and {@code words},
 * its words one by one (null when it has none). {@code highlight} is what snippets mark. {@code chunks}: how the
 * builder read each chunk typed, in order; the corrections offered start from it.
 */
public record CaseQuery(Map<String, Query> whole, Map<String, Query> words, List<Query> excluded, Query highlight,
                        List<CaseQueryBuilder.Chunk> chunks) {

    /** Whether a chunk was read otherwise than typed (kana as kanji, a typo as the word the cases have). */
    public boolean respelled() {
        return chunks.stream().anyMatch(CaseQueryBuilder.Chunk::readOtherwise);
    }

    /** Whether nothing was typed to search for (only filters or exclusions). */
    public boolean matchesAll() {
        return whole.values().stream().allMatch(q -> q == null) && words.values().stream().allMatch(q -> q == null);
    }

    /**
     * The cases that have every chunk whole: the exact tier, ranked as the relaxed tier ranks (every chunk whole,
     * plus each of the chunks' words a case has), so a case that also has the words often, or in its title, comes
     * before one that names the chunks once in passing.
     */
    public Query strict(List<Query> filters) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        boolean any = false;
        for (Query chunk : whole.values()) {
            // A chunk with no words at all (symbols only) cannot be met, and does not stop the others.
            if (chunk != null) {
                all.add(chunk, Occur.MUST);
                any = true;
            }
        }
        if (any) {
            words.values().stream().filter(q -> q != null).forEach(q -> all.add(q, Occur.SHOULD));
        }
        return finish(all, any, filters);
    }

    /**
     * What a chunk matched whole weighs in the relaxed tier, against its words. A phrase scores the sum of its
     * words' weights, so at full weight a case with one chunk whole came before one with every chunk's words
     * apart (プッシュ通知 負荷: the case with プッシュ通知 in passing before the one about the notices' load).
     */
    static final float RELAXED_WHOLE_WEIGHT = 0.3f;

    /**
     * The cases with any of the chunks, whole or by one of its words: the relaxed tier, ranked by BM25 with the
     * whole chunks' phrase and proximity matches adding to the score.
     */
    public Query relaxed(List<Query> filters) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        Stream.concat(whole.values().stream().filter(q -> q != null).map(q -> new BoostQuery(q, RELAXED_WHOLE_WEIGHT)),
                        words.values().stream().filter(q -> q != null))
                .forEach(q -> any.add(q, Occur.SHOULD));
        BooleanQuery anyChunk = any.build();
        boolean hasWords = !anyChunk.clauses().isEmpty();
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (hasWords) {
            query.add(anyChunk, Occur.MUST);
        }
        return finish(query, hasWords, filters);
    }

    private Query finish(BooleanQuery.Builder query, boolean hasWords, List<Query> filters) {
        if (!hasWords && filters.isEmpty() && excluded.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        if (!hasWords) {
            query.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        filters.forEach(f -> query.add(f, Occur.FILTER));
        excluded.forEach(e -> query.add(e, Occur.MUST_NOT));
        return query.build();
    }
}
