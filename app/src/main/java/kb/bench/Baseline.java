package kb.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kb.search.IndexFields;
import kb.search.LiveCases;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * What a user gets from Lucene out of the box: one field holding each case's title, body and labels, analysed
 * by a stock analyzer with its defaults, the query's words ORed and ranked by BM25. Built in memory from the
 * texts stored in the knowledge base's own index, so both see the same cases.
 */
public final class Baseline implements Ranker, Closeable {
    private static final String TEXT = "text";
    private static final Set<String> CASE_TEXT = Set.of(IndexFields.ID, IndexFields.TITLE, IndexFields.BODY, IndexFields.META);

    private final String name;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final QueryBuilder queries;

    private Baseline(String name, Analyzer analyzer, Path caseIndex) throws IOException {
        this.name = name;
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (DirectoryReader cases = DirectoryReader.open(FSDirectory.open(caseIndex));
             IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
            StoredFields stored = cases.storedFields();
            // In the order of the cases' ids, not of the index (which a parallel ingest varies): BM25 ties are then
            // broken the same way in every run. Each case's text is read only when it is added.
            Map<String, Integer> byId = new TreeMap<>();
            LiveCases.forEach(cases, doc -> byId.put(stored.document(doc, Set.of(IndexFields.ID)).get(IndexFields.ID), doc));
            for (int doc : byId.values()) {
                Document c = stored.document(doc, CASE_TEXT);
                Document d = new Document();
                d.add(new StringField(IndexFields.ID, c.get(IndexFields.ID), Field.Store.YES));
                d.add(new TextField(TEXT, String.join("\n", c.get(IndexFields.TITLE), c.get(IndexFields.BODY),
                        c.get(IndexFields.META)), Field.Store.NO));
                writer.addDocument(d);
            }
        }
        this.reader = DirectoryReader.open(dir);
        this.searcher = new IndexSearcher(reader);
        this.queries = new QueryBuilder(analyzer);
    }

    /** Lucene's {@code JapaneseAnalyzer} with its defaults (Kuromoji search mode, base forms, stop words). */
    public static Baseline japanese(Path caseIndex) throws IOException {
        return new Baseline("JapaneseAnalyzer OR", new JapaneseAnalyzer(), caseIndex);
    }

    /** Lucene's {@code CJKAnalyzer}: overlapping bigrams of CJK characters. */
    public static Baseline cjk(Path caseIndex) throws IOException {
        return new Baseline("CJKAnalyzer bigrams OR", new CJKAnalyzer(), caseIndex);
    }

    @Override
    public String name() { return name; }

    @Override
    public Ranking rank(String query, int k) throws IOException {
        Query q = queries.createBooleanQuery(TEXT, query, BooleanClause.Occur.SHOULD);
        if (q == null) {
            return new Ranking(List.of(), 0);
        }
        TopDocs top = searcher.search(q, k);
        StoredFields stored = searcher.storedFields();
        List<String> ids = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            ids.add(stored.document(sd.doc).get(IndexFields.ID));
        }
        return new Ranking(ids, searcher.count(q));
    }

    @Override
    public void close() throws IOException { reader.close(); }
}
