package kb.bench;

import java.io.IOException;
import kb.search.CaseSearcher;
import kb.search.Hit;
import kb.search.SearchRequest;
import kb.search.SearchResult;

/** The casebook's own search, as a user gets it (cases with every word first, then those with some). */
public record CasebookSearch(CaseSearcher searcher) implements Ranker {
    @Override
    public String name() { return "this search"; }

    @Override
    public Ranking rank(String query, int k) throws IOException {
        SearchResult r = searcher.search(SearchRequest.of(query, k));
        return new Ranking(r.hits().stream().map(Hit::id).toList(), r.total());
    }
}
