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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;
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
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.Weight;
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
    /**
     * The stored fields each use reads: a document also stores the case's content and reading (for ingest), which
     * a hit must not decode.
     */
    private static final Set<String> HIT_FIELDS = Set.of(IndexFields.ID, IndexFields.TITLE, IndexFields.TRIGGER, IndexFields.DATE);
    private static final Set<String> ID_FIELD = Set.of(IndexFields.ID);
    private static final Set<String> BODY_MATCH_FIELDS = Set.of(IndexFields.ID, IndexFields.TITLE, IndexFields.BODY);
    private static final Set<String> TEXT_FIELDS = Set.of(IndexFields.TEXT_FIELDS);
    private static final Sort BY_DATE = new Sort(new SortField(IndexFields.DATE_SORT, SortField.Type.LONG, true));
    private static final int SNIPPET_PASSAGES = 2;
    /** Fewer cases than this with every chunk whole, and a compound typed without spaces is offered split. */
    static final int FEW = 3;
    /**
     * Cases collected past those asked for, so that cases that tie (equal score, or the same date) at the end of a
     * page are ordered by id too (more ties than this across the cut are left in the ingest's order).
     */
    private static final int TIE_MARGIN = 10;
    private static final List<String> BODY_FIELDS =
            List.of(IndexFields.BODY, IndexFields.BODY + Analyzers.BIGRAM_SUFFIX, IndexFields.BODY + Analyzers.CODE_SUFFIX);

    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = Analyzers.forQuerying();
    private final IndexVocabulary vocabulary;
    private final CaseQueryBuilder queries;
    private final Lazy<Suggester> suggester;
    private final AtomicBoolean preparing = new AtomicBoolean();
    private final SortedSetDocValuesReaderState facetState;
    private final PassageCollector.Highlighter highlighter;

    private CaseSearcher(DirectoryReader reader) throws IOException {
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.vocabulary = new IndexVocabulary();
        // The thesaurus is asked for at the first search, not here: a server opens the index while the thesaurus is
        // built on its other core (Thesaurus.loadInBackground).
        this.queries = new CaseQueryBuilder(Thesaurus::shared, vocabulary);
        // Built on the first suggestion asked for, not at open: a server answers searches at once.
        this.suggester = new Lazy<>(() -> Suggester.build(reader, Thesaurus.shared().heads(), vocabulary::hasAll));
        this.facetState = reader.numDocs() == 0 ? null
                : new DefaultSortedSetDocValuesReaderState(reader, IndexFields.facetsConfig());
        this.highlighter = new PassageCollector.Highlighter(UnifiedHighlighter.builder(searcher, analyzer)
                .withMaskedFieldsFunc(field -> field.equals(IndexFields.BODY)
                        ? Set.of(IndexFields.BODY + Analyzers.BIGRAM_SUFFIX, IndexFields.BODY + Analyzers.CODE_SUFFIX)
                        : Set.of())
                .withBreakIterator(() -> BreakIterator.getSentenceInstance(Locale.JAPANESE))
                .withMaxNoHighlightPassages(1));
    }

    public static CaseSearcher open(Path dir) throws IOException {
        return new CaseSearcher(DirectoryReader.open(FSDirectory.open(dir)));
    }

    /** The reader searched: others reading the same generation share it (with a reference of their own). */
    public DirectoryReader reader() { return reader; }

    public int count() { return reader.numDocs(); }

    /**
     * Starts building the suggester in the background, once (it takes a moment: about a second on the casebook
     * with the machine busy): a server asks for it when it serves a page, so the first suggestion need not wait.
     */
    public void prepareSuggestions() {
        if (suggester.ifBuilt() == null && preparing.compareAndSet(false, true)) {
            Thread build = new Thread(() -> {
                try {
                    suggester.get();
                } catch (RuntimeException e) {
                    preparing.set(false); // e.g. the index was closed meanwhile; the next suggestion builds it
                }
            }, "suggester");
            build.setDaemon(true);
            build.start();
        }
    }

    /** Up to {@code limit} suggestions for what is being typed (see {@link Suggester}). */
    public List<Suggester.Suggestion> suggest(String typed, int limit) throws IOException {
        return suggester.get().suggest(typed, limit);
    }

    /** The index's words, as the query builder asks about them. */
    private final class IndexVocabulary implements CaseQueryBuilder.Vocabulary {
        private final Lazy<Readings> readings = new Lazy<>(() -> Readings.of(reader, IndexFields.TEXT_FIELDS));
        private final DirectSpellChecker spelling = new DirectSpellChecker();

        IndexVocabulary() {
            spelling.setMinPrefix(0); // a typo may be in the first letter of a Japanese word too
        }

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

        /** Whether the index has every word of {@code text} (as analysed). */
        boolean hasAll(String text) {
            List<String> words = queries.contentWords(text);
            return !words.isEmpty() && words.stream().allMatch(this::has);
        }

        @Override
        public String closest(String word) {
            try {
                SuggestWord[] found = spelling.suggestSimilar(new Term(IndexFields.BODY, word), 1, reader,
                        SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
                return found.length == 0 ? null : found[0].string;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasPhrase(List<List<String>> positions) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (String field : IndexFields.TEXT_FIELDS) {
                MultiPhraseQuery.Builder phrase = new MultiPhraseQuery.Builder();
                positions.forEach(p -> phrase.add(p.stream().map(w -> new Term(field, w)).toArray(Term[]::new)));
                any.add(phrase.build(), Occur.SHOULD);
            }
            try {
                return hasAtLeast(any.build(), 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Readings readings() { return readings.get(); }
    }

    /**
     * A query to try instead: the first of the builder's corrections that finds cases — a word respelt, so the
     * user sees how the search read it; and, when {@code typed} found fewer than {@value #FEW} cases with every
     * chunk whole, the cases' own way of writing a chunk, or a compound split that finds more. Null when none.
     */
    private Correction didYouMean(UserQuery typed, CaseQuery query, long exact, List<Query> filters) throws IOException {
        boolean few = exact < FEW;
        if (typed.include().isEmpty() || !few && !query.respelled()) {
            return null;
        }
        List<Correction> candidates = queries.corrections(typed, query.chunks(),
                words -> {
                    try {
                        return !hasAtLeast(queries.typedPhrase(words), 1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, !few);
        for (Correction c : candidates) {
            if (c.query().equals(typed.text())) {
                continue;
            }
            // A respelt word finds what the search found through it already: offered when its cases exist. A split
            // compound finds other cases: offered when there are more of them.
            Query found = queries.build(UserQuery.parse(c.query())).strict(filters);
            if (hasAtLeast(found, c.reason() == Correction.Reason.SPLIT ? exact + 1 : 1)) {
                return c;
            }
        }
        return null;
    }


    public SearchResult search(SearchRequest request) throws IOException {
        UserQuery typed = UserQuery.parse(request.query());
        CaseQuery query = queries.build(typed);
        List<Query> filters = filters(request);
        int n = Math.max(1, request.offset() + request.limit());
        boolean typedWords = !query.matchesAll();
        Query strict = query.strict(filters);
        // Without words (a browse by filters) every case found is exact, and the facets' pass below counts them.
        TopDocs top = top(strict, n, request, typedWords);
        long exact = top.totalHits.value();
        // Cases that have some of the chunks, or some of a chunk's words, follow those that have every chunk
        // whole (a change touches several things; each may have a lesson) — for every query, so no query with
        // a word the knowledge base knows ends without a result. Always, not only when a page is short, and in
        // either order (by date too: each part newest first): every page then counts alike and sorting keeps the
        // total.
        Query all = typedWords ? query.relaxed(filters) : strict;
        if (typedWords && exact < n) {
            top = exactFirst(top, top(all, n, request, false), n);
        }
        // The facets and the total count every case found, unscored: scoring every match only to count it made
        // a search of common words over 100,000 cases take 50 ms.
        FacetsCollector everyMatch = searcher.search(all, new FacetsCollectorManager(false));
        long total = everyMatch.getMatchingDocs().stream().mapToLong(FacetsCollector.MatchingDocs::totalHits).sum();
        exact = typedWords ? exact : total;
        boolean relaxed = exact == 0 && total > 0;
        // When some case has every chunk, every chunk matches something: only look when none has.
        List<String> unmatched = new ArrayList<>();
        if (exact == 0) {
            for (String chunk : typed.include()) {
                if (!matchesAny(query.whole().get(chunk)) && !matchesAny(query.words().get(chunk))) {
                    unmatched.add(chunk);
                }
            }
        }
        ScoreDoc[] page = Arrays.copyOfRange(top.scoreDocs, Math.min(request.offset(), top.scoreDocs.length), top.scoreDocs.length);
        List<Hit> hits = hits(new TopDocs(top.totalHits, page), query.highlight());
        return new SearchResult(typed.text(), total, exact, hits, facets(everyMatch),
                relaxed, List.copyOf(unmatched), typed.truncated(), didYouMean(typed, query, exact, filters));
    }

    /**
     * The first {@code n} cases of {@code query}, by score or newest first, with how many it has when
     * {@code counted}; otherwise Lucene skips the cases that cannot reach the top (block-max WAND) and the total is
     * a lower bound.
     */
    private TopDocs top(Query query, int n, SearchRequest request, boolean counted) throws IOException {
        int collected = n + TIE_MARGIN;
        int threshold = counted ? Integer.MAX_VALUE : collected;
        boolean byDate = request.sort() == SearchRequest.Sort.DATE || query instanceof MatchAllDocsQuery;
        TopDocs top = byDate
                ? searcher.search(query, new TopFieldCollectorManager(BY_DATE, collected, null, threshold))
                : searcher.search(query, new TopScoreDocCollectorManager(collected, threshold));
        ScoreDoc[] ranked = tiesById(top.scoreDocs, byDate ? CaseSearcher::sameDate : CaseSearcher::sameScore, this::id);
        return new TopDocs(top.totalHits, Arrays.copyOf(ranked, Math.min(n, ranked.length)));
    }

    private static boolean sameScore(ScoreDoc a, ScoreDoc b) { return a.score == b.score; }

    /** Cases dated the same month (most cases give only the month). */
    private static boolean sameDate(ScoreDoc a, ScoreDoc b) { return ((FieldDoc) a).fields[0].equals(((FieldDoc) b).fields[0]); }

    /**
     * {@code docs} (in order) with each run of cases that {@code tie} in the order of their ids. Lucene orders them by
     * where the ingest put them, which its threads decide: the same corpus ingested twice ranked the same query
     * differently. Ids are read only for the cases that tie.
     */
    static ScoreDoc[] tiesById(ScoreDoc[] docs, BiPredicate<ScoreDoc, ScoreDoc> tie, IntFunction<String> id) {
        ScoreDoc[] sorted = docs.clone();
        for (int from = 0; from < sorted.length; ) {
            int to = from + 1;
            while (to < sorted.length && tie.test(sorted[from], sorted[to])) {
                to++;
            }
            if (to - from > 1) {
                Map<Integer, String> ids = new HashMap<>();
                Arrays.stream(sorted, from, to).forEach(d -> ids.put(d.doc, id.apply(d.doc)));
                Arrays.sort(sorted, from, to, Comparator.comparing(d -> ids.get(d.doc)));
            }
            from = to;
        }
        return sorted;
    }

    private String id(int doc) {
        try {
            return searcher.storedFields().document(doc, ID_FIELD).get(IndexFields.ID);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean matchesAny(Query q) throws IOException {
        return q != null && hasAtLeast(q, 1);
    }

    /**
     * Whether {@code query} matches at least {@code n} cases. Lucene stops counting there, and with constant scores
     * it then skips every other case: a count visits every match, which for common words is most of a large
     * knowledge base, only to be compared with a small number.
     */
    private boolean hasAtLeast(Query query, long n) throws IOException {
        int threshold = (int) Math.min(n, Integer.MAX_VALUE);
        return searcher.search(new ConstantScoreQuery(query), new TopScoreDocCollectorManager(1, threshold)).totalHits.value() >= n;
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

    /**
     * Where each chunk of a query matched whole in one case's body, chunk by chunk in the order typed; with the
     * case's title and body text (which ends with its lessons), as indexed.
     */
    public record BodyMatches(String caseId, String title, String body, List<List<Passage.Match>> chunks) {}

    /**
     * The cases that have every chunk of {@code q} whole — as the exact tier of a search: same analysis,
     * thesaurus and readings — newest first, at most {@code limit}, with where each chunk matched in the case's
     * body (whose text ends with the lessons). Empty when {@code q} has no words.
     */
    public List<BodyMatches> bodyMatches(String q, int limit) throws IOException {
        CaseQuery query = queries.build(UserQuery.parse(q));
        List<Query> chunks = query.whole().values().stream().filter(c -> c != null).toList();
        if (chunks.isEmpty()) {
            return List.of();
        }
        List<Weight> weights = new ArrayList<>();
        for (Query chunk : chunks) {
            weights.add(searcher.createWeight(searcher.rewrite(chunk), ScoreMode.COMPLETE_NO_SCORES, 1));
        }
        List<BodyMatches> found = new ArrayList<>();
        for (ScoreDoc sd : searcher.search(query.strict(List.of()), Math.max(1, limit), BY_DATE).scoreDocs) {
            LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(sd.doc, reader.leaves()));
            List<List<Passage.Match>> perChunk = new ArrayList<>();
            for (Weight weight : weights) {
                List<Passage.Match> spans = new ArrayList<>();
                Matches matches = weight.matches(leaf, sd.doc - leaf.docBase);
                for (String field : BODY_FIELDS) {
                    MatchesIterator it = matches == null ? null : matches.getMatches(field);
                    while (it != null && it.next()) {
                        if (it.startOffset() >= 0) {
                            spans.add(new Passage.Match(it.startOffset(), it.endOffset()));
                        }
                    }
                }
                perChunk.add(spans);
            }
            Document doc = searcher.storedFields().document(sd.doc, BODY_MATCH_FIELDS);
            found.add(new BodyMatches(doc.get(IndexFields.ID), doc.get(IndexFields.TITLE), doc.get(IndexFields.BODY), perChunk));
        }
        return found;
    }

    /** For each chunk of {@code q}, in the order typed, whether {@code text} has it whole (as a case body would). */
    public List<Boolean> chunksIn(String q, String text) {
        MemoryIndex memory = new MemoryIndex(true);
        Analyzer indexing = Analyzers.forIndexing();
        for (String field : BODY_FIELDS) {
            memory.addField(field, text, indexing);
        }
        return queries.build(UserQuery.parse(q)).whole().values().stream()
                .filter(c -> c != null).map(c -> memory.search(c) > 0).toList();
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
     * matched: the words of the text that the case contains, as the case writes them, weightiest first. The
     * words come from the Matches API on the case's own text (no {@code explain} per hit), whole: matched
     * pieces that stand side by side are one word (切り + 戻し = 切り戻し), and a piece of a longer word that was
     * not matched whole (先 of 委託先, 切り of 切り替え) is left out.
     */
    public List<SimilarCase> similarTo(String text, int limit) throws IOException {
        BooleanQuery like = likeText(text);
        Map<Query, Float> boosts = new HashMap<>();
        for (BooleanClause clause : like.clauses()) {
            if (clause.query() instanceof BoostQuery b) {
                boosts.put(b.getQuery(), b.getBoost());
            }
        }
        Weight weight = searcher.createWeight(searcher.rewrite(like), ScoreMode.COMPLETE_NO_SCORES, 1);
        List<SimilarCase> similar = new ArrayList<>();
        for (ScoreDoc sd : searcher.search(like, limit).scoreDocs) {
            LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(sd.doc, reader.leaves()));
            Matches matches = weight.matches(leaf, sd.doc - leaf.docBase);
            Document doc = searcher.storedFields().document(sd.doc, TEXT_FIELDS);
            Map<String, Float> words = new LinkedHashMap<>();
            for (String field : IndexFields.TEXT_FIELDS) {
                MatchesIterator it = matches == null ? null : matches.getMatches(field);
                if (it != null) {
                    SharedWords.collect(doc.get(field), it, boosts).forEach((w, v) -> words.merge(w, v, Math::max));
                }
            }
            List<SimilarCase.SharedTerm> terms = words.entrySet().stream()
                    .sorted(Map.Entry.<String, Float>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(w -> new SimilarCase.SharedTerm(w.getKey(), w.getValue()))
                    .toList();
            similar.add(new SimilarCase(hit(sd, List.of()), terms));
        }
        return similar;
    }

    @Override
    public void close() throws IOException {
        Suggester built = suggester.ifBuilt();
        if (built != null) {
            built.close();
        }
        reader.close();
    }

    /** MoreLikeThis builds a flat BooleanQuery of term clauses, one per interesting term of the text. */
    private BooleanQuery likeText(String text) throws IOException {
        MoreLikeThis mlt = moreLikeThis();
        // A word of the change that only one case shares is the strongest hint, not noise.
        mlt.setMinDocFreq(1);
        // Each word weighs what it tells (tf-idf, the best 1): the weights the shared words are shown with.
        mlt.setBoost(true);
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
        int[] docs = Arrays.stream(page.scoreDocs).mapToInt(sd -> sd.doc).toArray();
        List<List<Passage>> passages = highlighter.passages(IndexFields.BODY, query, docs, SNIPPET_PASSAGES);
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < page.scoreDocs.length; i++) {
            hits.add(hit(page.scoreDocs[i], passages.get(i)));
        }
        return hits;
    }

    private List<Hit> plainHits(TopDocs docs) throws IOException {
        List<Hit> hits = new ArrayList<>();
        for (ScoreDoc sd : docs.scoreDocs) {
            hits.add(hit(sd, List.of()));
        }
        return hits;
    }

    private Hit hit(ScoreDoc sd, List<Passage> passages) throws IOException {
        Document doc = searcher.storedFields().document(sd.doc, HIT_FIELDS);
        float score = Float.isNaN(sd.score) ? 0f : sd.score;
        return new Hit(doc.get(IndexFields.ID), doc.get(IndexFields.TITLE), doc.get(IndexFields.TRIGGER),
                doc.get(IndexFields.DATE), score, passages);
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
