package kb.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Section;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/** Writes the Lucene index of a set of cases into a new directory. */
public final class CaseIndexer {
    /** Text with offsets in the postings, so the highlighter marks whole words. */
    private static final FieldType STORED_TEXT = textType(true);
    private static final FieldType TEXT = textType(false);

    private CaseIndexer() {}

    public static void write(Path dir, List<CaseRecord> cases) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(Analyzers.forIndexing())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        FacetsConfig facets = IndexFields.facetsConfig();
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), config)) {
            for (CaseRecord c : cases) {
                writer.addDocument(facets.build(document(c)));
            }
            writer.forceMerge(1);
            writer.commit();
        }
    }

    static Document document(CaseRecord c) {
        Document doc = new Document();
        doc.add(new StringField(IndexFields.ID, c.id(), Field.Store.YES));
        addText(doc, IndexFields.TITLE, c.title());
        addText(doc, IndexFields.BODY, body(c));
        addText(doc, IndexFields.META, meta(c));
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
        return doc;
    }

    /** The prose of a case: its sections, lessons as plain sentences (no list marks or theme tags). */
    static String body(CaseRecord c) {
        List<String> parts = new ArrayList<>();
        c.sections().forEach((name, md) -> {
            if (!name.equals(Section.LESSONS.ja())) {
                parts.add(PlainText.of(md));
            }
        });
        c.lessons().forEach(l -> parts.add(l.text()));
        return String.join("\n", parts);
    }

    /** The labels of a case, as words. */
    static String meta(CaseRecord c) {
        List<String> meta = new ArrayList<>();
        if (c.organization() != null) {
            meta.add(c.organization());
        }
        meta.add(c.industry());
        meta.addAll(c.patterns());
        meta.addAll(c.systems());
        c.lessons().stream().map(Lesson::theme).filter(t -> t != null).distinct().forEach(meta::add);
        return String.join("\n", meta);
    }

    static void addText(Document doc, String field, String text) {
        doc.add(new Field(field, text, STORED_TEXT));
        doc.add(new Field(field + Analyzers.BIGRAM_SUFFIX, text, TEXT));
        doc.add(new Field(field + Analyzers.CODE_SUFFIX, text, TEXT));
    }

    private static FieldType textType(boolean stored) {
        FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.setStored(stored);
        type.freeze();
        return type;
    }
}
