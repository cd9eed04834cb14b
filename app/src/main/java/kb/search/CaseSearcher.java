package kb.search;

import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kb.model.Trigger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;

/** Searches the case index: user queries with filters, facets and snippets, and related cases. */
public final class CaseSearcher implements Closeable {
    static {
        // A query of many chunks, each with its thesaurus alternatives in several fields, has more clauses than
        // Lucene's default allows; nothing a user types may fail for it.
        IndexSearcher.setMaxClauseCount(16_384);
    }

    private static final List<String> FACET_DIMS =
            List.of(IndexFields.TRIGGER, IndexFields.INDUSTRY, IndexFields.YEAR, IndexFields.PATTERN);
    private static final Sort BY_DATE = new Sort(new SortField(IndexFields.DATE_SORT, SortField.Type.LONG, true));
    private static final int SNIPPET_PASSAGES = 2;

    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = Analyzers.forQuerying();
    private final CaseQueryBuilder queries;
    private final SortedSetDocValuesReaderState facetState;
    private final UnifiedHighlighter highlighter;

    private CaseSearcher(DirectoryReader reader) throws IOException {
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        Lazy<Readings> readings = new Lazy<>(() -> Readings.of(reader, IndexFields.TEXT_FIELDS));
        this.queries = new CaseQueryBuilder(Thesaurus.shared(), new CaseQueryBuilder.Vocabulary() {
            @Override
            public boolean has(String word) {
                try {
                    for (String field : IndexFields.TEXT_FIELDS) {
                        if (reader.docFreq(new Term(field, word)) > 0) {
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Readings readings() { return readings.get(); }
        });
        this.facetState = reader.numDocs() == 0 ? null
                : new DefaultSortedSetDocValuesReaderState(reader, IndexFields.facetsConfig());
        this.highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withMaskedFieldsFunc(field -> field.equals(IndexFields.BODY)
                        ? Set.of(IndexFields.BODY + Analyzers.BIGRAM_SUFFIX, IndexFields.BODY + Analyzers.CODE_SUFFIX)
                        : Set.of())
                .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "…", true))
                .withBreakIterator(() -> BreakIterator.getSentenceInstance(Locale.JAPANESE))
                .withMaxNoHighlightPassages(1)
                .build();
    }

    public static CaseSearcher open(Path dir) throws IOException {
        return new CaseSearcher(DirectoryReader.open(FSDirectory.open(dir)));
    }

    public int count() { return reader.numDocs(); }

    public SearchResult search(SearchRequest request) throws IOException {
        UserQuery typed = UserQuery.parse(request.query());
        CaseQuery query = queries.build(typed);
        List<Query> filters = filters(request);
        FacetsCollectorManager.FacetsResult result = run(query.strict(filters), request);
        long exact = result.topDocs().totalHits.value();
        // Cases that have some of the chunks, or some of a chunk's words, follow those that have every chunk
        // whole (a change touches several things; each may have a lesson) — for every query, so no query with
        // a word the knowledge base knows ends without a result. Always, not only when a page is short, and in
        // either order (by date too: each part newest first): every page then counts alike and sorting keeps the
        // total.
        if (!query.matchesAll()) {
            FacetsCollectorManager.FacetsResult partial = run(query.relaxed(filters), request);
            TopDocs merged = exactFirst(result.topDocs(), partial.topDocs(), request.offset() + request.limit());
            result = new FacetsCollectorManager.FacetsResult(merged, partial.facetsCollector());
        }
        boolean relaxed = exact == 0 && result.topDocs().totalHits.value() > 0;
        // When some case has every chunk, every chunk matches something: only look when none has.
        List<String> unmatched = new ArrayList<>();
        if (exact == 0) {
            for (String chunk : typed.include()) {
                if (!matchesAny(query.whole().get(chunk)) && !matchesAny(query.words().get(chunk))) {
                    unmatched.add(chunk);
                }
            }
        }
        TopDocs all = result.topDocs();
        ScoreDoc[] page = Arrays.copyOfRange(all.scoreDocs, Math.min(request.offset(), all.scoreDocs.length), all.scoreDocs.length);
        List<Hit> hits = hits(new TopDocs(all.totalHits, page), query.highlight());
        return new SearchResult(typed.text(), all.totalHits.value(), exact, hits, facets(result.facetsCollector()),
                relaxed, List.copyOf(unmatched), typed.truncated());
    }

    private boolean matchesAny(Query q) throws IOException {
        return q != null && searcher.count(q) > 0;
    }

    /** The first {@code n}: the cases that match every word, in their order, then the others of {@code partial}. */
    static TopDocs exactFirst(TopDocs exact, TopDocs partial, int n) {
        Set<Integer> seen = new HashSet<>();
        List<ScoreDoc> merged = new ArrayList<>();
        for (ScoreDoc d : exact.scoreDocs) {
            seen.add(d.doc);
            merged.add(d);
        }
        for (ScoreDoc d : partial.scoreDocs) {
            if (seen.add(d.doc)) {
                merged.add(d);
            }
        }
        return new TopDocs(partial.totalHits, merged.subList(0, Math.min(n, merged.size())).toArray(ScoreDoc[]::new));
    }

    /** Cases most like the given one (MoreLikeThis over title and body), best first. */
    public List<Hit> related(String id, int limit) throws IOException {
        TopDocs own = searcher.search(new TermQuery(new Term(IndexFields.ID, id)), 1);
        if (own.scoreDocs.length == 0) {
            return List.of();
        }
        int docId = own.scoreDocs[0].doc;
        Query like = moreLikeThis().like(docId);
        BooleanQuery query = new BooleanQuery.Builder()
                .add(like, Occur.SHOULD)
                .add(new TermQuery(new Term(IndexFields.ID, id)), Occur.MUST_NOT)
                .build();
        return plainHits(searcher.search(query, limit));
    }

    /**
     * Cases most like a free text (e.g. the description of a planned change), best first, with why each
     * matched: the MoreLikeThis terms of the text that the case contains, each weighted by what it adds to
     * the case's score.
     */
    public List<SimilarCase> similarTo(String text, int limit) throws IOException {
        BooleanQuery like = likeText(text);
        List<SimilarCase> similar = new ArrayList<>();
        for (ScoreDoc sd : searcher.search(like, limit).scoreDocs) {
            Map<String, Float> weights = new LinkedHashMap<>();
            for (BooleanClause clause : like.clauses()) {
                Query q = clause.query() instanceof BoostQuery b ? b.getQuery() : clause.query();
                Explanation e = searcher.explain(clause.query(), sd.doc);
                if (q instanceof TermQuery t && e.isMatch()) {
                    weights.merge(t.getTerm().text(), e.getValue().floatValue(), Float::sum);
                }
            }
            List<SimilarCase.SharedTerm> terms = weights.entrySet().stream()
                    .sorted(Map.Entry.<String, Float>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(w -> new SimilarCase.SharedTerm(w.getKey(), w.getValue()))
                    .toList();
            similar.add(new SimilarCase(hit(sd, null), terms));
        }
        return similar;
    }

    @Override
    public void close() throws IOException { reader.close(); }

    /** MoreLikeThis builds a flat BooleanQuery of term clauses, one per interesting term of the text. */
    private BooleanQuery likeText(String text) throws IOException {
        MoreLikeThis mlt = moreLikeThis();
        // A word of the change that only one case shares is the strongest hint, not noise.
        mlt.setMinDocFreq(1);
        return (BooleanQuery) mlt.like(IndexFields.BODY, new StringReader(text));
    }

    private MoreLikeThis moreLikeThis() throws IOException {
        MoreLikeThis mlt = new MoreLikeThis(reader);
        mlt.setAnalyzer(analyzer);
        mlt.setFieldNames(IndexFields.TEXT_FIELDS);
        mlt.setMinTermFreq(1);
        mlt.setMinDocFreq(2);
        mlt.setMinWordLen(2);
        mlt.setMaxQueryTerms(30);
        mlt.setMaxDocFreqPct(50);
        return mlt;
    }

    private FacetsCollectorManager.FacetsResult run(Query query, SearchRequest request) throws IOException {
        int n = Math.max(1, request.offset() + request.limit());
        Sort sort = request.sort() == SearchRequest.Sort.DATE || query instanceof MatchAllDocsQuery ? BY_DATE : null;
        FacetsCollectorManager manager = new FacetsCollectorManager();
        return sort == null
                ? FacetsCollectorManager.search(searcher, query, n, manager)
                : FacetsCollectorManager.search(searcher, query, n, sort, true, manager);
    }

    private static List<Query> filters(SearchRequest request) {
        List<Query> filters = new ArrayList<>();
        if (request.trigger() != null) {
            filters.add(new TermQuery(new Term(IndexFields.TRIGGER, request.trigger().slug())));
        }
        if (request.industry() != null) {
            filters.add(new TermQuery(new Term(IndexFields.INDUSTRY, request.industry())));
        }
        if (request.year() != null) {
            filters.add(new TermQuery(new Term(IndexFields.YEAR, request.year().toString())));
        }
        if (request.pattern() != null) {
            filters.add(new TermQuery(new Term(IndexFields.PATTERN, request.pattern())));
        }
        return filters;
    }

    private List<Hit> hits(TopDocs page, Query query) throws IOException {
        String[] snippets = page.scoreDocs.length == 0 ? new String[0]
                : highlighter.highlight(IndexFields.BODY, query, page, SNIPPET_PASSAGES);
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < page.scoreDocs.length; i++) {
            hits.add(hit(page.scoreDocs[i], snippets[i]));
        }
        return hits;
    }

    private List<Hit> plainHits(TopDocs docs) throws IOException {
        List<Hit> hits = new ArrayList<>();
        for (ScoreDoc sd : docs.scoreDocs) {
            hits.add(hit(sd, null));
        }
        return hits;
    }

    private Hit hit(ScoreDoc sd, String snippet) throws IOException {
        Document doc = searcher.storedFields().document(sd.doc);
        float score = Float.isNaN(sd.score) ? 0f : sd.score;
        return new Hit(doc.get(IndexFields.ID), doc.get(IndexFields.TITLE), doc.get(IndexFields.TRIGGER),
                doc.get(IndexFields.DATE), score, snippet);
    }

    private Map<String, Map<String, Integer>> facets(FacetsCollector collector) throws IOException {
        Map<String, Map<String, Integer>> facets = new LinkedHashMap<>();
        FACET_DIMS.forEach(dim -> facets.put(dim, new LinkedHashMap<>()));
        if (facetState == null) {
            return facets;
        }
        SortedSetDocValuesFacetCounts counts = new SortedSetDocValuesFacetCounts(facetState, collector);
        for (String dim : FACET_DIMS) {
            if (facetState.getOrdRange(dim) == null) {
                continue; // no case has this dimension (e.g. no patterns at all)
            }
            FacetResult result = counts.getAllChildren(dim);
            if (result != null) {
                Arrays.stream(result.labelValues)
                        .sorted(Comparator.comparingInt((LabelAndValue lv) -> lv.value.intValue()).reversed()
                                .thenComparing(lv -> lv.label))
                        .forEach(lv -> facets.get(dim).put(lv.label, lv.value.intValue()));
            }
        }
        if (!facets.get(IndexFields.TRIGGER).isEmpty()) {
            Map<String, Integer> ordered = new LinkedHashMap<>();
            for (Trigger t : Trigger.values()) {
                Integer n = facets.get(IndexFields.TRIGGER).get(t.slug());
                if (n != null) {
                    ordered.put(t.slug(), n);
                }
            }
            facets.put(IndexFields.TRIGGER, ordered);
        }
        return facets;
    }
}
