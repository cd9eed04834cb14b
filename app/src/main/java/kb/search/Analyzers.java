package kb.search;

import java.io.IOException;
import java.io.Reader;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseBaseFormFilter;
import org.apache.lucene.analysis.ja.JapaneseHiraganaUppercaseFilter;
import org.apache.lucene.analysis.ja.JapaneseKatakanaStemFilter;
import org.apache.lucene.analysis.ja.JapaneseKatakanaUppercaseFilter;
import org.apache.lucene.analysis.ja.JapanesePartOfSpeechStopFilter;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The three analyses every text field gets (see docs/search.md):
 * <ul>
 *   <li>{@code title}, {@code body}: Kuromoji morphology — words, base forms, katakana stems;</li>
 *   <li>{@code *.bi}: CJK bigrams, for words the dictionary does not know;</li>
 *   <li>{@code *.code}: ASCII codes kept whole and split into parts (ORA-00942, 192.168.0.1, v10.5.0).</li>
 * </ul>
 * Every chain starts with full/half-width folding (ＤＤｏＳ → DDoS, ｻｰﾊﾞｰ → サーバー) and ends lowercased.
 * No JapaneseNumberFilter: it deletes or rewrites the numbers that incident text is full of.
 */
public final class Analyzers {
    public static final String BIGRAM_SUFFIX = ".bi";
    public static final String CODE_SUFFIX = ".code";

    /** Runs of ASCII letters and digits, joined by . - _ : / (codes, versions, addresses). */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9]+(?:[._:/\\-][A-Za-z0-9]+)*");
    private static final int CODE_PARTS = WordDelimiterGraphFilter.GENERATE_WORD_PARTS
            | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
            | WordDelimiterGraphFilter.SPLIT_ON_NUMERICS
            | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;

    private Analyzers() {}

    /** The analyzer to index with: picks the analysis by field-name suffix. */
    public static Analyzer forIndexing() { return new PerSuffix(true); }

    /** The analyzer to query with: the same chains, with the code chain's graph kept for QueryBuilder. */
    public static Analyzer forQuerying() { return new PerSuffix(false); }

    public static Analyzer japanese() {
        return japanese(null);
    }

    /**
     * The morphological chain, followed at query time by the thesaurus' {@code synonyms} (null: none). The words
     * around a dropped particle stand next to each other (設定の誤り = 設定誤り as a phrase): Japanese joins words
     * with or without particles alike, and synonym rules written either way then match either way.
     */
    static Analyzer japanese(SynonymMap synonyms) {
        return new WidthFolded() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new JapaneseTokenizer(null, true, true, JapaneseTokenizer.Mode.SEARCH);
                TokenStream stream = new JapaneseBaseFormFilter(tokenizer);
                stream = new JapanesePartOfSpeechStopFilter(stream, JapaneseAnalyzer.getDefaultStopTags());
                stream = new StopFilter(stream, JapaneseAnalyzer.getDefaultStopSet());
                stream = new JapaneseKatakanaStemFilter(stream);
                stream = new LowerCaseFilter(stream);
                stream = new AdjacentPositions(stream);
                if (synonyms != null) {
                    stream = new SynonymGraphFilter(stream, synonyms, true);
                }
                return new TokenStreamComponents(tokenizer, stream);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new LowerCaseFilter(in);
            }
        };
    }

    public static Analyzer bigram() {
        return new WidthFolded() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new LowerCaseFilter(tokenizer);
                // Small kana as their full-size letters (ッ → ツ), so a word typed with the wrong one still has the
                // bigrams of the right one (データパツチ = データパッチ).
                stream = new JapaneseKatakanaUppercaseFilter(new JapaneseHiraganaUppercaseFilter(stream));
                stream = new CJKBigramFilter(stream);
                return new TokenStreamComponents(tokenizer, stream);
            }
        };
    }

    public static Analyzer codes(boolean indexing) {
        return new WidthFolded() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new PatternTokenizer(CODE, 0);
                TokenStream stream = new WordDelimiterGraphFilter(tokenizer, CODE_PARTS, null);
                stream = new LowerCaseFilter(stream);
                if (indexing) {
                    stream = new FlattenGraphFilter(stream);
                }
                return new TokenStreamComponents(tokenizer, stream);
            }
        };
    }

    /** Closes the gaps that stop filters leave, so the words around a dropped particle are adjacent. */
    private static final class AdjacentPositions extends TokenFilter {
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);

        AdjacentPositions(TokenStream in) { super(in); }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            if (increment.getPositionIncrement() > 1) {
                increment.setPositionIncrement(1);
            }
            return true;
        }
    }

    /** Full/half-width folding before the tokenizer, so that half-width katakana is cut as words. */
    abstract static class WidthFolded extends Analyzer {
        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new CJKWidthCharFilter(reader);
        }
    }

    private static final class PerSuffix extends DelegatingAnalyzerWrapper {
        private final Analyzer japanese = japanese();
        private final Analyzer bigram = bigram();
        private final Analyzer codes;

        PerSuffix(boolean indexing) {
            super(PER_FIELD_REUSE_STRATEGY);
            this.codes = codes(indexing);
        }

        @Override
        protected Analyzer getWrappedAnalyzer(String fieldName) {
            if (fieldName.endsWith(BIGRAM_SUFFIX)) {
                return bigram;
            }
            if (fieldName.endsWith(CODE_SUFFIX)) {
                return codes;
            }
            return japanese;
        }
    }
}
