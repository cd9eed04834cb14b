package kb.loadbench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import kb.search.Analyzers;
import kb.search.IndexFields;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * The floor: Lucene's IndexSearcher on the same index, with the least a search must do — each word of the query
 * as a phrase of the morphological body field, all required, the filter as a term — and the top ten's ids and
 * titles read. No synonyms, no other fields, no facets, no snippets.
 */
final class RawLucene implements Closeable {
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final QueryBuilder builder = new QueryBuilder(Analyzers.japanese());

    RawLucene(Path index) throws IOException {
        reader = DirectoryReader.open(FSDirectory.open(index));
        searcher = new IndexSearcher(reader);
    }

    /** Searches; answers how many cases matched. */
    long search(QueryMix.Query q) throws IOException {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String word : q.text().split("\\s+")) {
            Query phrase = builder.createPhraseQuery(IndexFields.BODY, word);
            if (phrase != null) {
                all.add(phrase, Occur.MUST);
            }
        }
        if (q.trigger() != null) {
            all.add(new TermQuery(new Term(IndexFields.TRIGGER, q.trigger().slug())), Occur.FILTER);
        }
        if (q.industry() != null) {
            all.add(new TermQuery(new Term(IndexFields.INDUSTRY, q.industry())), Occur.FILTER);
        }
        TopDocs top = searcher.search(all.build(), 10);
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc sd : top.scoreDocs) {
            Document doc = stored.document(sd.doc);
            if (doc.get(IndexFields.ID) == null || doc.get(IndexFields.TITLE) == null) {
                throw new IllegalStateException("a hit without id or title");
            }
        }
        return top.totalHits.value();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
