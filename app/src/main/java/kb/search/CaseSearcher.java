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
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
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
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/** Searches the case index: user queries with filters, facets and snippets, and related cases. */
public final class CaseSearcher implements Closeable {
    /** Each query chunk is a phrase in every text field; titles weigh more, bigrams less. */
    private static final Map<String, Float> FIELD_BOOSTS = new LinkedHashMap<>();

    static {
        FIELD_BOOSTS.put(IndexFields.TITLE, 3f);
        FIELD_BOOSTS.put(IndexFields.TITLE + Analyzers.BIGRAM_SUFFIX, 1.5f);
        FIELD_BOOSTS.put(IndexFields.TITLE + Analyzers.CODE_SUFFIX, 3f);
        FIELD_BOOSTS.put(IndexFields.BODY, 1f);
        FIELD_BOOSTS.put(IndexFields.BODY + Analyzers.BIGRAM_SUFFIX, 0.5f);
        FIELD_BOOSTS.put(IndexFields.BODY + Analyzers.CODE_SUFFIX, 1f);
        FIELD_BOOSTS.put(IndexFields.META, 1f);
        FIELD_BOOSTS.put(IndexFields.META + Analyzers.BIGRAM_SUFFIX, 0.5f);
        FIELD_BOOSTS.put(IndexFields.META + Analyzers.CODE_SUFFIX, 1f);
    }

    private static final List<String> FACET_DIMS =
            List.of(IndexFields.TRIGGER, IndexFields.INDUSTRY, IndexFields.YEAR, IndexFields.PATTERN);
    private static final Sort BY_DATE = new Sort(new SortField(IndexFields.DATE_SORT, SortField.Type.LONG, true));
    private static final int SNIPPET_PASSAGES = 2;
    /** How far apart (in words) the words of one chunk may stand, and what such a loose match weighs. */
    private static final int NEAR_SLOP = 8;
    private static final float NEAR_BOOST = 0.5f;
    private static final float SYNONYM_BOOST = 0.8f;
    /**
     * A chunk of this many words or more is a sentence ("取引所で予備系への切替がうまくいかず売買が止まった"):
     * its words rarely stand together as typed, so most of them anywhere in the case also match, lower.
     */
    private static final int SENTENCE_WORDS = 4;
    private static final float SENTENCE_SHARE = 0.6f;
    private static final float SENTENCE_BOOST = 0.3f;
    /** Words of a question about the casebook rather than of the incident (…事例は？ …例を教えて). */
    private static final Set<String> QUESTION_WORDS = Set.of("事例", "例", "ケース", "事案", "件", "教える", "知る",
            "探す", "ある", "いる", "する", "なる", "ない", "もの", "こと", "何", "どう", "どんな", "過去", "起きる", "起こる");

    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = Analyzers.forQuerying();
    private final QueryBuilder queryBuilder = new QueryBuilder(analyzer);
    private final SortedSetDocValuesReaderState facetState;
    private final UnifiedHighlighter highlighter;

    private CaseSearcher(DirectoryReader reader) throws IOException {
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
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
        UserQuery query = UserQuery.parse(request.query());
        // Each chunk's query is built once: the strict and the partial search and the unmatched check share it.
        Map<String, Query> included = new LinkedHashMap<>();
        query.include().forEach(chunk -> included.put(chunk, chunkQuery(chunk, false)));
        List<Query> chunks = included.values().stream().filter(q -> q != null).toList();
        List<Query> excluded = query.exclude().stream().map(c -> chunkQuery(c, false)).filter(q -> q != null).toList();
        FacetsCollectorManager.FacetsResult result = run(buildQuery(chunks, excluded, request, false), request);
        long exact = result.topDocs().totalHits.value();
        // Cases that contain some of the words follow those that contain all (a change touches several
        // things; each may have a lesson). Always, not only when a page is short, and in either order (by
        // date too: each part newest first): every page then counts alike and sorting keeps the total.
        if (query.include().size() > 1) {
            FacetsCollectorManager.FacetsResult partial = run(buildQuery(chunks, excluded, request, true), request);
            TopDocs merged = exactFirst(result.topDocs(), partial.topDocs(), request.offset() + request.limit());
            result = new FacetsCollectorManager.FacetsResult(merged, partial.facetsCollector());
        }
        boolean relaxed = exact == 0 && result.topDocs().totalHits.value() > 0;
        // When some case has every word, every word matches something: only look when none has.
        List<String> unmatched = new ArrayList<>();
        if (exact == 0) {
            for (Map.Entry<String, Query> chunk : included.entrySet()) {
                if (chunk.getValue() == null || searcher.count(chunk.getValue()) == 0) {
                    unmatched.add(chunk.getKey());
                }
            }
        }
        TopDocs all = result.topDocs();
        ScoreDoc[] page = Arrays.copyOfRange(all.scoreDocs, Math.min(request.offset(), all.scoreDocs.length), all.scoreDocs.length);
        List<Hit> hits = hits(new TopDocs(all.totalHits, page), highlightQuery(query));
        return new SearchResult(query.text(), all.totalHits.value(), exact, hits, facets(result.facetsCollector()),
                relaxed, List.copyOf(unmatched), query.truncated());
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

    private static Query buildQuery(List<Query> chunks, List<Query> excluded, SearchRequest request, boolean relaxed) {
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
        if (chunks.isEmpty() && filters.isEmpty() && excluded.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        if (chunks.isEmpty()) {
            builder.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        chunks.forEach(q -> builder.add(q, relaxed ? Occur.SHOULD : Occur.MUST));
        if (relaxed && !chunks.isEmpty()) {
            builder.setMinimumNumberShouldMatch(1);
        }
        filters.forEach(q -> builder.add(q, Occur.FILTER));
        excluded.forEach(q -> builder.add(q, Occur.MUST_NOT));
        return builder.build();
    }

    /** One chunk as a phrase across the morphological, bigram and code fields; null if it has no words. */
    /**
     * What to mark in snippets: every chunk, with loose matches marked word by word — marking a loose
     * match as one span would paint the whole sentence between its words.
     */
    private Query highlightQuery(UserQuery query) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        query.include().stream().map(c -> chunkQuery(c, true)).filter(q -> q != null).forEach(q -> any.add(q, Occur.SHOULD));
        return any.build();
    }

    /** A chunk as typed, or any of its synonyms (weighing a little less than what was typed). */
    private Query chunkQuery(String chunk, boolean looseWordByWord) {
        List<String> ways = Synonyms.of(chunk);
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        int clauses = 0;
        for (int i = 0; i < ways.size(); i++) {
            Query way = wordQuery(ways.get(i), looseWordByWord);
            if (way != null) {
                any.add(i == 0 ? way : new BoostQuery(way, SYNONYM_BOOST), Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? null : any.build();
    }

    private Query wordQuery(String chunk, boolean looseWordByWord) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        int clauses = 0;
        for (Map.Entry<String, Float> field : FIELD_BOOSTS.entrySet()) {
            Query phrase = queryBuilder.createPhraseQuery(field.getKey(), chunk);
            if (phrase != null) {
                any.add(new BoostQuery(phrase, field.getValue()), Occur.SHOULD);
                clauses++;
            }
        }
        // Users type several Japanese words without spaces (誤って削除): the words near each other also
        // match, lower. Not for codes and numbers: 5.10 must not find 10.5.
        for (String field : isJapanese(chunk) ? IndexFields.TEXT_FIELDS : new String[0]) {
            if (queryBuilder.createPhraseQuery(field, chunk, NEAR_SLOP) instanceof PhraseQuery near) {
                if (looseWordByWord) {
                    for (Term t : near.getTerms()) {
                        any.add(new TermQuery(t), Occur.SHOULD);
                    }
                } else {
                    any.add(new BoostQuery(near, NEAR_BOOST), Occur.SHOULD);
                }
            }
        }
        List<String> words = sentenceWords(chunk);
        if (words.size() >= SENTENCE_WORDS) {
            any.add(new BoostQuery(mostWords(words, looseWordByWord), SENTENCE_BOOST), Occur.SHOULD);
        }
        return clauses == 0 ? null : any.build();
    }

    /** The incident's words of a chunk typed as a sentence or question; empty for a chunk of a few words. */
    private List<String> sentenceWords(String chunk) {
        if (!isJapanese(chunk)) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(IndexFields.BODY, chunk)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String word = term.toString();
                if (!QUESTION_WORDS.contains(word) && !words.contains(word)) {
                    words.add(word);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    /** Most of the words, each in the title, body or labels; for snippets, each word on its own. */
    private static Query mostWords(List<String> words, boolean looseWordByWord) {
        BooleanQuery.Builder bag = new BooleanQuery.Builder();
        for (String word : words) {
            List<Query> inFields = new ArrayList<>();
            for (String field : IndexFields.TEXT_FIELDS) {
                inFields.add(new BoostQuery(new TermQuery(new Term(field, word)), FIELD_BOOSTS.get(field)));
            }
            bag.add(new DisjunctionMaxQuery(inFields, 0.1f), Occur.SHOULD);
        }
        if (!looseWordByWord) {
            bag.setMinimumNumberShouldMatch((int) Math.ceil(words.size() * SENTENCE_SHARE));
        }
        return bag.build();
    }

    private static boolean isJapanese(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA);
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
