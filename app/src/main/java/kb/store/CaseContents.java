package kb.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import kb.search.CaseIndexer;
import kb.search.IndexFields;
import kb.search.LiveCases;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * What a generation keeps of each case in its Lucene index, stored beside the text ({@link CaseIndexer#CONTENT},
 * {@link CaseIndexer#READING}): the case's content and the tagger's reading of it, by case id.
 */
public final class CaseContents implements Closeable {
    private static final Set<String> FIELDS = Set.of(IndexFields.ID, IndexFields.TRIGGER, CaseIndexer.CONTENT, CaseIndexer.READING);

    /** One case's stored part: its trigger as indexed, its content (JSON) and its reading. */
    public record Stored(String id, String trigger, byte[] content, byte[] reading) {}

    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    private CaseContents(DirectoryReader reader) {
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
    }

    public static CaseContents open(Path lucene) throws IOException {
        return new CaseContents(DirectoryReader.open(FSDirectory.open(lucene)));
    }

    /** The stored parts read through {@code reader}, which this takes a reference of (and closes that one). */
    public static CaseContents sharing(DirectoryReader reader) {
        reader.incRef();
        return new CaseContents(reader);
    }

    /** The stored part of the case {@code id}, or null. */
    public Stored get(String id) throws IOException {
        TopDocs top = searcher.search(new TermQuery(new Term(IndexFields.ID, id)), 1);
        return top.scoreDocs.length == 0 ? null : stored(searcher.storedFields().document(top.scoreDocs[0].doc, FIELDS));
    }

    /** Every case's stored part, in index order. */
    public void forEach(Visitor visitor) throws IOException {
        StoredFields fields = reader.storedFields();
        LiveCases.forEach(reader, doc -> visitor.visit(stored(fields.document(doc, FIELDS))));
    }

    /** Receives stored parts one by one. */
    @FunctionalInterface
    public interface Visitor {
        void visit(Stored stored) throws IOException;
    }

    private static Stored stored(Document doc) {
        return new Stored(doc.get(IndexFields.ID), doc.get(IndexFields.TRIGGER), bytes(doc.getBinaryValue(CaseIndexer.CONTENT)),
                bytes(doc.getBinaryValue(CaseIndexer.READING)));
    }

    private static byte[] bytes(BytesRef ref) {
        return ref == null ? new byte[0] : BytesRef.deepCopyOf(ref).bytes;
    }

    /** Releases this one's reference to the reader (close() would be a no-op on a reader another closed). */
    @Override
    public void close() throws IOException {
        reader.decRef();
    }
}
