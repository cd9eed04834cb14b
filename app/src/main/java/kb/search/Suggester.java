package kb.search;

import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.suggest.InputIterator;
import org.apache.lucene.search.suggest.Lookup;
import org.apache.lucene.search.suggest.analyzing.AnalyzingInfixSuggester;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Suggestions while typing (lucene-suggest's {@link AnalyzingInfixSuggester}): the case titles, failure
 * patterns, systems and lesson themes of the index, and the thesaurus' own words the index has. A suggestion
 * matches when what was typed begins any of its words — or the reading of any of them, so ていで finds 停電:
 * each entry is indexed as the text from each of its words on, as written and as read (katakana), folded
 * alike (width, case, hiragana as katakana). Built in memory from the index itself.
 */
public final class Suggester implements Closeable {
    /** What a suggestion is: a case (go to it) or a word to search for. */
    public enum Kind {
        CASE, PATTERN, SYSTEM, THEME, TERM;

        public String slug() { return name().toLowerCase(Locale.ROOT); }
    }

    /** A suggestion: its text, its kind, and for a case its id. */
    public record Suggestion(String text, Kind kind, String caseId) {}

    private static final BytesRef CASES = new BytesRef("case");
    private static final BytesRef WORDS = new BytesRef("word");
    private static final int MAX_SUFFIX = 40;

    private final AnalyzingInfixSuggester lookup;

    private Suggester(AnalyzingInfixSuggester lookup) { this.lookup = lookup; }

    /** Suggestions over {@code reader}'s cases and the thesaurus {@code heads} its text has (per {@code has}). */
    static Suggester build(IndexReader reader, List<String> heads, java.util.function.Predicate<String> has) throws IOException {
        List<Entry> entries = new ArrayList<>();
        StoredFields stored = reader.storedFields();
        LiveCases.forEach(reader, doc -> {
            var d = stored.document(doc, Set.of(IndexFields.ID, IndexFields.TITLE, IndexFields.DATE));
            if (d.get(IndexFields.TITLE) != null) {
                entries.add(new Entry(d.get(IndexFields.TITLE), Kind.CASE, d.get(IndexFields.ID), dateWeight(d.get(IndexFields.DATE))));
            }
        });
        // Counted over live cases: a label only a re-ingested or removed case had is not offered.
        IndexSearcher searcher = new IndexSearcher(reader);
        addTerms(searcher, IndexFields.PATTERN, Kind.PATTERN, entries);
        addTerms(searcher, IndexFields.SYSTEM, Kind.SYSTEM, entries);
        addTerms(searcher, IndexFields.THEME, Kind.THEME, entries);
        Set<String> seen = new LinkedHashSet<>();
        entries.forEach(e -> seen.add(e.text()));
        for (String head : heads) {
            if (!seen.contains(head) && has.test(head)) {
                entries.add(new Entry(head, Kind.TERM, null, 1));
                seen.add(head);
            }
        }
        AnalyzingInfixSuggester suggester = new AnalyzingInfixSuggester(new ByteBuffersDirectory(), new Suffixes(),
                new Typed(), 1, false, true, false, false);
        suggester.build(new Entries(entries));
        return new Suggester(suggester);
    }

    /**
     * Up to {@code limit} suggestions for what was typed: words to search for first (most used first), then the
     * cases whose titles match, newest first.
     */
    public List<Suggestion> suggest(String typed, int limit) throws IOException {
        String key = typed == null ? "" : typed.strip();
        if (key.isEmpty() || limit < 1) {
            return List.of();
        }
        List<Lookup.LookupResult> words = lookup.lookup(key, Set.of(WORDS), limit, true, false);
        List<Lookup.LookupResult> cases = lookup.lookup(key, Set.of(CASES), limit, true, false);
        // Half each, or more of one kind when the other has fewer.
        int wordsShown = Math.min(words.size(), Math.max(limit - cases.size(), (limit + 1) / 2));
        List<Suggestion> found = new ArrayList<>();
        words.subList(0, wordsShown).forEach(r -> found.add(toSuggestion(r)));
        cases.subList(0, Math.min(cases.size(), limit - wordsShown)).forEach(r -> found.add(toSuggestion(r)));
        return found;
    }

    @Override
    public void close() throws IOException { lookup.close(); }

    private static Suggestion toSuggestion(Lookup.LookupResult r) {
        String payload = r.payload.utf8ToString();
        int bar = payload.indexOf('|');
        Kind kind = Kind.valueOf(payload.substring(0, bar));
        String id = payload.substring(bar + 1);
        return new Suggestion(r.key.toString(), kind, id.isEmpty() ? null : id);
    }

    /** The terms of {@code field} that some live case has, weighted by how many have them. */
    private static void addTerms(IndexSearcher searcher, String field, Kind kind, List<Entry> entries) throws IOException {
        Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), field);
        if (terms == null) {
            return;
        }
        TermsEnum it = terms.iterator();
        for (BytesRef term = it.next(); term != null; term = it.next()) {
            int cases = searcher.count(new TermQuery(new Term(field, BytesRef.deepCopyOf(term))));
            if (cases > 0) {
                entries.add(new Entry(term.utf8ToString(), kind, null, 2L + cases));
            }
        }
    }

    /** A case's date as a weight: the newer the heavier (2024-05-31 → 20240531, 2024-05 → 20240500). */
    private static long dateWeight(String date) {
        String digits = date == null ? "" : date.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong((digits + "0000").substring(0, 8));
    }

    /** One suggestion to index, with what orders it among its kind. */
    private record Entry(String text, Kind kind, String caseId, long weight) {}

    private static final class Entries implements InputIterator {
        private final Iterator<Entry> it;
        private Entry current;

        Entries(List<Entry> entries) { this.it = entries.iterator(); }

        @Override
        public BytesRef next() {
            current = it.hasNext() ? it.next() : null;
            return current == null ? null : new BytesRef(current.text());
        }

        @Override
        public long weight() { return current.weight(); }

        @Override
        public BytesRef payload() {
            return new BytesRef((current.kind().name() + "|" + (current.caseId() == null ? "" : current.caseId()))
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean hasPayloads() { return true; }

        @Override
        public Set<BytesRef> contexts() { return Set.of(current.kind() == Kind.CASE ? CASES : WORDS); }

        @Override
        public boolean hasContexts() { return true; }
    }

    /** Width, case and kana folded alike on both sides: ＤＤｏＳ = ddos, ていでん = テイデン. */
    static String fold(String text) {
        return Readings.katakana(text.toLowerCase(Locale.ROOT));
    }

    /** What was typed: one token, folded; the suggester looks it up as a prefix. */
    private static final class Typed extends Analyzers.WidthFolded {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new KeywordTokenizer();
            return new TokenStreamComponents(tokenizer, new Folded(tokenizer));
        }
    }

    private static final class Folded extends org.apache.lucene.analysis.TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        Folded(TokenStream in) { super(in); }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            String folded = fold(term.toString());
            term.setEmpty().append(folded);
            return true;
        }
    }

    /** An entry as the text from each of its words on, as written and as read, folded. */
    private static final class Suffixes extends Analyzers.WidthFolded {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            SuffixTokenizer tokenizer = new SuffixTokenizer();
            return new TokenStreamComponents(tokenizer);
        }
    }

    private static final class SuffixTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private final List<String> suffixes = new ArrayList<>();
        private final List<Integer> starts = new ArrayList<>();
        // One Kuromoji per tokenizer (the analyzer reuses the tokenizer for every entry), not one per entry.
        private final JapaneseTokenizer kuromoji = new JapaneseTokenizer(null, true, true, JapaneseTokenizer.Mode.SEARCH);
        private final CharTermAttribute kuromojiTerm = kuromoji.addAttribute(CharTermAttribute.class);
        private final OffsetAttribute kuromojiOffset = kuromoji.addAttribute(OffsetAttribute.class);
        private final ReadingAttribute kuromojiReading = kuromoji.addAttribute(ReadingAttribute.class);
        private int next;
        private int length;

        @Override
        public boolean incrementToken() throws IOException {
            if (next == 0 && suffixes.isEmpty()) {
                read();
            }
            if (next >= suffixes.size()) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(suffixes.get(next));
            offset.setOffset(correctOffset(starts.get(next)), correctOffset(length));
            next++;
            return true;
        }

        private void read() throws IOException {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[1024];
            for (int n = input.read(buffer); n >= 0; n = input.read(buffer)) {
                text.append(buffer, 0, n);
            }
            String s = text.toString();
            length = s.length();
            List<int[]> words = new ArrayList<>();
            List<String> readings = new ArrayList<>();
            kuromoji.setReader(new StringReader(s));
            try {
                kuromoji.reset();
                while (kuromoji.incrementToken()) {
                    if (Character.isWhitespace(kuromojiTerm.charAt(0))) {
                        continue;
                    }
                    words.add(new int[] {kuromojiOffset.startOffset(), kuromojiOffset.endOffset()});
                    String reading = kuromojiReading.getReading();
                    readings.add(reading != null ? reading : kuromojiTerm.toString());
                }
                kuromoji.end();
            } finally {
                kuromoji.close();
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < words.size(); i++) {
                int start = words.get(i)[0];
                String written = fold(s.substring(start, Math.min(s.length(), start + MAX_SUFFIX)));
                StringBuilder read = new StringBuilder();
                for (int j = i; j < readings.size() && read.length() < MAX_SUFFIX; j++) {
                    read.append(readings.get(j));
                }
                for (String suffix : List.of(written, fold(read.toString()))) {
                    if (seen.add(suffix)) {
                        suffixes.add(suffix);
                        starts.add(start);
                    }
                }
            }
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            suffixes.clear();
            starts.clear();
            next = 0;
        }
    }
}
