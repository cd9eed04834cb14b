package kb.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import kb.model.CaseRecord;
import kb.model.Lesson;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes case documents into a Lucene index: a new one, or the previous generation's (its segment files linked
 * into the new generation) with changed cases replaced and removed ones deleted. Safe for several threads:
 * each analyses and adds its own documents (Lucene gives each thread its own in-memory segment).
 */
public final class CaseIndexer implements Closeable {
    /**
     * Stored only, for the case database of the generation (kb/store): the case as its file gives it, and how the
     * trigger tagger read it. Kept here, beside the stored text they repeat, they cost little once compressed, and
     * a new generation shares them with the old one with the segments.
     */
    public static final String CONTENT = "_content";
    public static final String READING = "_reading";
    /** Text with offsets in the postings, so the highlighter marks whole words. */
    private static final FieldType TEXT = textType();
    /** Flushing bigger segments means fewer merges; the ingest's heap is sized for it (tools/kb). */
    private static final double RAM_BUFFER_MB = 256;

    private final IndexWriter writer;
    private final boolean fresh;
    private final FacetsConfig facets = IndexFields.facetsConfig();

    private CaseIndexer(Path dir, boolean fresh) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(Analyzers.forIndexing())
                .setOpenMode(fresh ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND)
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                .setCommitOnClose(false);
        this.writer = new IndexWriter(FSDirectory.open(dir), config);
        this.fresh = fresh;
    }

    /** A new, empty index in {@code dir}. */
    public static CaseIndexer create(Path dir) throws IOException {
        return new CaseIndexer(dir, true);
    }

    /** The index in {@code dir}, to update. */
    public static CaseIndexer update(Path dir) throws IOException {
        return new CaseIndexer(dir, false);
    }

    /**
     * Adds the case's document, or replaces the one of the same id, from the analysis its text was read with.
     * {@code content} and {@code reading} are kept with it, stored only (see {@link #CONTENT}, {@link #READING}).
     */
    public void put(CaseRecord c, CaseAnalysis analysis, byte[] content, byte[] reading) throws IOException {
        Document doc = document(c, analysis);
        doc.add(new StoredField(CONTENT, content));
        doc.add(new StoredField(READING, reading));
        doc = facets.build(doc);
        if (fresh) {
            writer.addDocument(doc);
        } else {
            writer.updateDocument(new Term(IndexFields.ID, c.id()), doc);
        }
    }

    /** {@link #put(CaseRecord, CaseAnalysis, byte[], byte[])}, analysing the case's text here. */
    public void put(CaseRecord c, byte[] content, byte[] reading) throws IOException {
        put(c, CaseAnalysis.of(CaseText.of(c)), content, reading);
    }

    public void delete(String id) throws IOException {
        writer.deleteDocuments(new Term(IndexFields.ID, id));
    }

    /** Makes everything written durable (Lucene's two-phase commit syncs the files and the directory). */
    public void commit() throws IOException {
        writer.commit();
    }

    /** Closes without committing: what was not committed is dropped. */
    @Override
    public void close() throws IOException {
        writer.close();
    }

    static Document document(CaseRecord c, CaseAnalysis analysis) {
        Document doc = new Document();
        doc.add(new StringField(IndexFields.ID, c.id(), Field.Store.YES));
        addText(doc, IndexFields.TITLE, analysis.title());
        addText(doc, IndexFields.BODY, analysis.body());
        addText(doc, IndexFields.META, analysis.meta());
        doc.add(new StringField(IndexFields.TRIGGER, c.trigger(), Field.Store.YES));
        doc.add(new StringField(IndexFields.INDUSTRY, c.industry(), Field.Store.YES));
        String year = String.valueOf(c.caseDate().year());
        doc.add(new StringField(IndexFields.YEAR, year, Field.Store.NO));
        doc.add(new StringField(IndexFields.DATE, c.date(), Field.Store.YES));
        doc.add(new NumericDocValuesField(IndexFields.DATE_SORT, c.caseDate().sortKey()));
        doc.add(new SortedSetDocValuesFacetField(IndexFields.TRIGGER, c.trigger()));
        doc.add(new SortedSetDocValuesFacetField(IndexFields.INDUSTRY, c.industry()));
        doc.add(new SortedSetDocValuesFacetField(IndexFields.YEAR, year));
        for (String pattern : c.patterns()) {
            doc.add(new StringField(IndexFields.PATTERN, pattern, Field.Store.NO));
            doc.add(new SortedSetDocValuesFacetField(IndexFields.PATTERN, pattern));
        }
        c.systems().forEach(system -> doc.add(new StringField(IndexFields.SYSTEM, system, Field.Store.NO)));
        c.lessons().stream().map(Lesson::theme).filter(t -> t != null).distinct()
                .forEach(theme -> doc.add(new StringField(IndexFields.THEME, theme, Field.Store.NO)));
        return doc;
    }

    /** The morphological field from its tokens, analysed once; the other analyses from the text. */
    static void addText(Document doc, String field, MorphTokens morph) {
        String text = morph.text();
        doc.add(new StoredField(field, text));
        doc.add(new Field(field, morph.stream(), TEXT));
        doc.add(new Field(field + Analyzers.BIGRAM_SUFFIX, text, TEXT));
        doc.add(new Field(field + Analyzers.CODE_SUFFIX, text, TEXT));
    }

    private static FieldType textType() {
        FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }
}
