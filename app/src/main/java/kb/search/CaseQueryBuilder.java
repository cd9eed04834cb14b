package kb.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CombinedFieldQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * What the user typed → the Lucene queries of a search (docs/search.md, "Queries"). Each chunk is matched
 * <em>whole</em> — as a phrase in a field, as one of its thesaurus alternatives, as its kanji-only form, as the
 * words its kana reads as or a mistyped word sounds like, or by its words near each other — and by its
 * <em>words</em> one by one, for the relaxed tier that follows the cases with every chunk whole.
 */
public final class CaseQueryBuilder {
    /** A title counts like the body (BM25 already weighs a match in a short field more); bigrams, a recall aid, less. */
    static final Map<String, Float> FIELD_BOOSTS = new LinkedHashMap<>();
    static final float TITLE_BOOST = 1f;

    static {
        FIELD_BOOSTS.put(IndexFields.TITLE, TITLE_BOOST);
        FIELD_BOOSTS.put(IndexFields.TITLE + Analyzers.BIGRAM_SUFFIX, TITLE_BOOST / 2);
        FIELD_BOOSTS.put(IndexFields.TITLE + Analyzers.CODE_SUFFIX, TITLE_BOOST);
        FIELD_BOOSTS.put(IndexFields.BODY, 1f);
        FIELD_BOOSTS.put(IndexFields.BODY + Analyzers.BIGRAM_SUFFIX, 0.5f);
        FIELD_BOOSTS.put(IndexFields.BODY + Analyzers.CODE_SUFFIX, 1f);
        FIELD_BOOSTS.put(IndexFields.META, 1f);
        FIELD_BOOSTS.put(IndexFields.META + Analyzers.BIGRAM_SUFFIX, 0.5f);
        FIELD_BOOSTS.put(IndexFields.META + Analyzers.CODE_SUFFIX, 1f);
    }

    /**
     * A chunk's ways to match whole count by the best of them, the others a little (a disjunction-max): a
     * chunk found in four fields is not four chunks.
     */
    static final float WHOLE_TIE = 0.3f;
    /** How far apart (in words) the words of one chunk may stand, and what such a loose match weighs. */
    static final int NEAR_SLOP = 8;
    static final float NEAR_BOOST = 0.5f;
    /** A chunk of this many words or fewer is a word or compound, more is a sentence. */
    static final int SHORT_CHUNK = 4;
    /** The words a kana chunk reads as, or a mistyped word sounds like, against the chunk as typed. */
    static final float RESPELLED_BOOST = 0.8f;
    /** A run of typed words and its thesaurus alternatives count as the best of them and this share of the others. */
    static final float RUN_TIE = 0.5f;
    /** The relaxed tier's bigrams of Japanese chunks: words the dictionary cuts badly or does not know. */
    static final float BIGRAM_BOOST = 0.2f;
    /** Longer chunks are sentences, whose kana-less form would be no word. */
    private static final int MAX_COMPACTED = 12;
    /** Words of a question about the casebook rather than of the incident (…事例は？ …例を教えて). */
    static final Set<String> QUESTION_WORDS = Set.of("事例", "例", "ケース", "事案", "件", "教える", "知る",
            "探す", "ある", "いる", "する", "なる", "ない", "もの", "こと", "何", "どう", "どんな", "過去", "起きる", "起こる");

    private final Analyzer analyzer = Analyzers.forQuerying();
    private final QueryBuilder phrases = new QueryBuilder(analyzer);
    private final Supplier<Thesaurus> thesaurus;
    private final Vocabulary vocabulary;

    /** What the builder asks of the index: whether it has a word, its closest spelling, and its words by reading. */
    interface Vocabulary {
        boolean has(String word);

        /** The index's word closest in spelling to {@code word} (katakana, ASCII), or null. */
        String closest(String word);

        /** Whether a case has these words side by side, each position any of its words. */
        boolean hasPhrase(List<List<String>> positions);

        /** Asked only when a chunk is typed in kana or has a word with kanji that the index lacks. */
        Readings readings();
    }

    /** {@code thesaurus} is asked for at the first query built (see {@link CaseSearcher}). */
    CaseQueryBuilder(Supplier<Thesaurus> thesaurus, Vocabulary vocabulary) {
        this.thesaurus = thesaurus;
        this.vocabulary = vocabulary;
    }

    public CaseQuery build(UserQuery query) {
        List<Chunk> chunks = new ArrayList<>();
        Map<String, Query> whole = new LinkedHashMap<>();
        Map<String, Query> words = new LinkedHashMap<>();
        BooleanQuery.Builder highlight = new BooleanQuery.Builder();
        for (String chunk : query.include()) {
            Chunk c = read(chunk);
            chunks.add(c);
            whole.put(chunk, whole(c, false));
            words.put(chunk, words(c));
            Query marked = whole(c, true);
            if (marked != null) {
                highlight.add(marked, Occur.SHOULD);
                highlight.add(markedWords(c), Occur.SHOULD);
            }
        }
        List<Query> excluded = query.exclude().stream().map(c -> whole(read(c), false)).filter(q -> q != null).toList();
        return new CaseQuery(whole, words, excluded, highlight.build(), List.copyOf(chunks));
    }

    /**
     * One chunk typed, read once for its queries and for the corrections offered: its words, thesaurus
     * alternatives and respelling; {@code partlyRead}, for a kana chunk that reads as no words whole, the words
     * some of its parts read as (relaxed tier only).
     */
    record Chunk(String text, List<String> words, Thesaurus.Expansion expansion, List<List<String>> respelled,
                 List<List<String>> partlyRead) {
        /** Whether the chunk is searched otherwise than typed (kana as kanji, a typo as the word the cases have). */
        boolean readOtherwise() { return !respelled.isEmpty() || !partlyRead.isEmpty(); }
    }

    private Chunk read(String text) {
        List<String> words = contentWords(text);
        // A loanword or jargon typed in hiragana (すみっしんぐ, でぐれ) is said another way as its katakana.
        Thesaurus.Expansion expansion = thesaurus.get().expand(isHiraganaOnly(text) ? Readings.katakana(text) : text);
        List<List<String>> respelled = respelled(text);
        List<List<String>> partlyRead = respelled.isEmpty() && Readings.isKana(text) && !vocabulary.has(text)
                ? vocabulary.readings().wordsForParts(text) : List.of();
        return new Chunk(text, words, expansion, respelled, partlyRead);
    }

    /**
     * A chunk as a whole, or null when it has no words. For snippets ({@code forHighlight}), a loose match is
     * marked word by word: marked as one span it would paint the whole sentence between its words.
     */
    private Query whole(Chunk chunk, boolean forHighlight) {
        // Snippets come from the body: the highlighter needs its fields only, and each other field costs it time.
        List<String> textFields = forHighlight ? List.of(IndexFields.BODY) : List.of(IndexFields.TEXT_FIELDS);
        List<Query> ways = new ArrayList<>();
        phraseInEveryField(ways, chunk.text(), 1f, forHighlight);
        // A short chunk is also found with a run of its words said another way (DB更改 → データベース 更改); a
        // sentence's alternatives count in its words, below.
        if (chunk.expansion().words().size() <= SHORT_CHUNK) {
            for (Thesaurus.Alternative alternative : chunk.expansion().alternatives()) {
                List<String> words = chunk.expansion().with(alternative);
                for (String field : textFields) {
                    ways.add(new BoostQuery(phrase(field, words), FIELD_BOOSTS.get(field) * alternative.relation().weight));
                }
            }
        }
        String compact = withoutKana(chunk.text());
        if (compact != null) {
            phraseInEveryField(ways, compact, Thesaurus.Relation.EQUIVALENT.weight, forHighlight);
        }
        if (!chunk.respelled().isEmpty()) {
            for (String field : textFields) {
                MultiPhraseQuery.Builder multi = new MultiPhraseQuery.Builder();
                chunk.respelled().forEach(position -> multi.add(position.stream().map(w -> new Term(field, w)).toArray(Term[]::new)));
                ways.add(new BoostQuery(multi.build(), FIELD_BOOSTS.get(field) * RESPELLED_BOOST));
            }
        }
        // Users type several Japanese words without spaces (誤って削除): the words near each other also
        // match, lower. Not for codes and numbers: 5.10 must not find 10.5.
        if (isJapanese(chunk.text())) {
            for (String field : textFields) {
                if (phrases.createPhraseQuery(field, chunk.text(), NEAR_SLOP) instanceof PhraseQuery near) {
                    if (forHighlight) {
                        for (Term t : near.getTerms()) {
                            ways.add(new TermQuery(t));
                        }
                    } else {
                        ways.add(new BoostQuery(near, NEAR_BOOST));
                    }
                }
            }
        }
        if (ways.isEmpty()) { // no words: symbols only, or kana that analyse to nothing and no rule knows
            return null;
        }
        if (forHighlight) {
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            ways.forEach(q -> all.add(q, Occur.SHOULD));
            return all.build();
        }
        return new DisjunctionMaxQuery(ways, WHOLE_TIE);
    }

    /**
     * A chunk's words one by one, for the relaxed tier: each content word (and each word a respelling puts in
     * place of one) over title, body and labels as one field (BM25F), a run of them with its thesaurus
     * alternatives as one; the bigrams of a Japanese chunk, lower; a code as the whole code. Null when nothing is
     * left (symbols, question words, bare numbers).
     */
    private Query words(Chunk chunk) {
        Map<String, Float> weights = new LinkedHashMap<>();
        for (String word : chunk.words()) {
            if (!isNumber(word)) {
                weights.putIfAbsent(word, 1f);
            }
        }
        // A run of typed words and the ways the rules say it otherwise (DB → データベース; 手順逸脱 → 手順の誤り, a
        // phrase: its words alone are too common) count as one: the best of them, and the others at half. Added up
        // word by word, a word with ten synonyms outweighed the chunk's other words (ルータ リプレース found the
        // cases of 更改 and 刷新 before those about routers).
        List<Query> runs = new ArrayList<>();
        for (List<Thesaurus.Alternative> run : overlapping(chunk.expansion().alternatives())) {
            List<Query> ways = new ArrayList<>();
            BooleanQuery.Builder typed = new BooleanQuery.Builder();
            int typedWords = 0;
            for (String word : chunk.expansion().words().subList(run.get(0).from(), end(run))) {
                if (weights.remove(word) != null) {
                    typed.add(combined(word), Occur.SHOULD);
                    typedWords++;
                }
            }
            if (typedWords > 0) {
                ways.add(typed.build());
            }
            for (Thesaurus.Alternative alternative : run) {
                List<String> replacement = alternative.words();
                if (replacement.size() > 1) {
                    ways.add(new BoostQuery(phraseInTextFields(replacement), alternative.relation().weight));
                } else if (isWord(replacement.get(0))) {
                    ways.add(new BoostQuery(combined(replacement.get(0)), alternative.relation().weight));
                }
            }
            if (!ways.isEmpty()) {
                runs.add(new DisjunctionMaxQuery(ways, RUN_TIE));
            }
        }
        for (List<String> position : chunk.respelled()) {
            position.stream().filter(CaseQueryBuilder::isWord).forEach(w -> weights.putIfAbsent(w, RESPELLED_BOOST));
        }
        for (List<String> part : chunk.partlyRead()) {
            part.stream().filter(CaseQueryBuilder::isWord).forEach(w -> weights.putIfAbsent(w, RESPELLED_BOOST));
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        int clauses = 0;
        for (Map.Entry<String, Float> word : weights.entrySet()) {
            any.add(new BoostQuery(combined(word.getKey()), word.getValue()), Occur.SHOULD);
            clauses++;
        }
        for (Query run : runs) {
            any.add(run, Occur.SHOULD);
            clauses++;
        }
        // Bigrams of hiragana (ていでん: てい, いで) are the bigrams of every sentence's grammar: none for those.
        if (isJapanese(chunk.text()) && !chunk.words().isEmpty() && !isHiraganaOnly(chunk.text())) {
            for (String bigram : new LinkedHashSet<>(analyzed(IndexFields.BODY + Analyzers.BIGRAM_SUFFIX, chunk.text()))) {
                List<Query> inFields = new ArrayList<>();
                for (String field : IndexFields.TEXT_FIELDS) {
                    inFields.add(new TermQuery(new Term(field + Analyzers.BIGRAM_SUFFIX, bigram)));
                }
                any.add(new BoostQuery(new DisjunctionMaxQuery(inFields, 0.1f), BIGRAM_BOOST), Occur.SHOULD);
                clauses++;
            }
        } else {
            String code = chunk.text().toLowerCase(Locale.ROOT);
            if (analyzed(IndexFields.BODY + Analyzers.CODE_SUFFIX, chunk.text()).contains(code) && !isNumber(code)) {
                for (String field : IndexFields.TEXT_FIELDS) {
                    String codeField = field + Analyzers.CODE_SUFFIX;
                    any.add(new BoostQuery(new TermQuery(new Term(codeField, code)), FIELD_BOOSTS.get(codeField)), Occur.SHOULD);
                    clauses++;
                }
            }
        }
        return clauses == 0 ? null : any.build();
    }

    /**
     * The chunk as the index spells it, each position with its words: a chunk typed in kana as the words it reads
     * as (ていでん → 停電); a word with kanji that no case has as the words that sound like it, a slip of the input
     * method (渓谷終了 → 警告 終了); a katakana or ASCII word no case has as the closest word they have. Empty
     * when nothing is to be respelled.
     */
    List<List<String>> respelled(String chunk) {
        if (Readings.isKana(chunk)) {
            return vocabulary.readings().wordsFor(chunk);
        }
        // Runs of words with kanji that no case has are read together, as typed: 停伝 is cut 停る / 伝 and reads as
        // 停電.
        List<List<String>> positions = new ArrayList<>();
        int runStart = -1;
        int runEnd = -1;
        boolean changed = false;
        List<Token> tokens = Token.of(analyzer, IndexFields.BODY, chunk);
        for (Token token : tokens) {
            if (hasKanji(token.term()) && !vocabulary.has(token.term())) {
                runStart = runStart < 0 ? token.start() : runStart;
                runEnd = token.end();
                continue;
            }
            if (runStart >= 0) {
                changed |= respell(chunk.substring(runStart, runEnd), positions);
                runStart = -1;
            }
            // A katakana or ASCII word no case has is a typo of the closest word they have (terrafrom → terraform).
            String closest = !hasKanji(token.term()) && !isNumber(token.term()) && !vocabulary.has(token.term())
                    ? vocabulary.closest(token.term()) : null;
            changed |= closest != null;
            positions.add(List.of(closest != null ? closest : token.term()));
        }
        if (runStart >= 0) {
            changed |= respell(chunk.substring(runStart, runEnd), positions);
        }
        if (!changed && positions.size() >= 2 && positions.size() <= SHORT_CHUNK && !vocabulary.hasPhrase(positions)) {
            return homophones(chunk, tokens, positions);
        }
        return changed ? positions : List.of();
    }

    /**
     * A compound no case has, whose words all exist: a word of it may be the input method's wrong kanji for
     * another that reads the same (決裁失敗 for 決済失敗). Each kanji word also stands for the words that sound
     * like it; empty when none does, or when no case has any of the combinations. {@code tokens}: the chunk as
     * analysed, {@code typed}: its words as the index has them.
     */
    private List<List<String>> homophones(String chunk, List<Token> tokens, List<List<String>> typed) {
        List<List<String>> positions = new ArrayList<>();
        boolean changed = false;
        for (Token token : tokens) {
            List<String> words = new ArrayList<>(List.of(token.term()));
            if (hasKanji(token.term()) && token.term().length() >= 2) {
                List<List<String>> alike = vocabulary.readings().soundAlike(chunk.substring(token.start(), token.end()));
                if (alike.size() == 1) { // a word for the word, not its reading cut in pieces
                    alike.get(0).stream().filter(w -> !words.contains(w)).forEach(words::add);
                }
            }
            changed |= words.size() > 1;
            positions.add(words);
        }
        return changed && positions.size() == typed.size() && vocabulary.hasPhrase(positions) ? positions : List.of();
    }

    /**
     * The alternatives in groups whose runs of typed words overlap, each group in the order of the chunk: one group
     * stands for one run of it (the rules of the three relations cut the chunk each in their own way).
     */
    private static List<List<Thesaurus.Alternative>> overlapping(List<Thesaurus.Alternative> alternatives) {
        List<List<Thesaurus.Alternative>> groups = new ArrayList<>();
        int end = -1;
        for (Thesaurus.Alternative a : alternatives.stream().sorted(Comparator.comparingInt(Thesaurus.Alternative::from)).toList()) {
            if (groups.isEmpty() || a.from() >= end) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(a);
            end = Math.max(end, a.to());
        }
        return groups;
    }

    /** Where a group of overlapping alternatives ends in the chunk's words. */
    private static int end(List<Thesaurus.Alternative> run) {
        return run.stream().mapToInt(Thesaurus.Alternative::to).max().orElseThrow();
    }

    /** {@code word} over title, body and labels as one field (BM25F). */
    private static Query combined(String word) {
        CombinedFieldQuery.Builder combined = new CombinedFieldQuery.Builder(word);
        for (String field : IndexFields.TEXT_FIELDS) {
            combined.addField(field, FIELD_BOOSTS.get(field));
        }
        return combined.build();
    }

    /** {@code words} as a phrase in the title, body or labels: the best of them. */
    private static Query phraseInTextFields(List<String> words) {
        List<Query> inFields = new ArrayList<>();
        for (String field : IndexFields.TEXT_FIELDS) {
            inFields.add(new BoostQuery(phrase(field, words), FIELD_BOOSTS.get(field)));
        }
        return new DisjunctionMaxQuery(inFields, 0.1f);
    }

    /** Adds the words {@code typed} (unknown words) sounds like, or itself; whether it found any. */
    private boolean respell(String typed, List<List<String>> positions) {
        List<List<String>> alike = vocabulary.readings().soundAlike(typed);
        positions.addAll(alike.isEmpty() ? List.of(List.of(typed)) : alike);
        return !alike.isEmpty();
    }

    /**
     * Queries to offer instead of {@code typed}, each with one chunk written otherwise: a kana chunk as the words
     * it reads as, a word no case has as the word it sounds or is spelt like ({@code SPELLING}, {@code READING});
     * a chunk no case has as typed ({@code typedNowhere}) as its thesaurus equivalent ({@code VARIANT}); last, a
     * single compound as its words ({@code SPLIT}); with {@code respeltOnly}, the respellings alone. The searcher
     * offers the first that finds cases. {@code chunks}: how {@link #build} read the chunks of {@code typed}.
     */
    List<Correction> corrections(UserQuery typed, List<Chunk> chunks, java.util.function.Predicate<List<String>> typedNowhere,
                                 boolean respeltOnly) {
        List<Correction> found = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            String chunk = chunks.get(i).text();
            List<List<String>> respelled = chunks.get(i).respelled();
            if (!respelled.isEmpty()) {
                String written = String.join(isJapanese(chunk) ? "" : " ", respelled.stream().map(p -> p.get(0)).toList());
                found.add(new Correction(replace(typed, i, written),
                        Readings.isKana(chunk) ? Correction.Reason.READING : Correction.Reason.SPELLING));
            }
            if (respeltOnly) {
                continue;
            }
            Thesaurus.Expansion expansion = chunks.get(i).expansion();
            if (expansion.words().size() <= SHORT_CHUNK && typedNowhere.test(expansion.words())) {
                for (Thesaurus.Alternative alternative : expansion.alternatives()) {
                    if (alternative.relation() == Thesaurus.Relation.EQUIVALENT) {
                        found.add(new Correction(replace(typed, i, expansion.written(alternative)), Correction.Reason.VARIANT));
                    }
                }
            }
        }
        String only = chunks.size() == 1 && !respeltOnly ? chunks.get(0).text() : "";
        List<Token> tokens = only.isEmpty() || Readings.isKana(only) ? List.of() : Token.of(analyzer, IndexFields.BODY, only);
        if (tokens.size() >= 2 && tokens.size() <= SHORT_CHUNK) {
            found.add(new Correction(String.join(" ", tokens.stream().map(t -> only.substring(t.start(), t.end())).toList()),
                    Correction.Reason.SPLIT));
        }
        return found;
    }

    /** The query typed, with its {@code index}-th chunk written as {@code chunk}. */
    private static String replace(UserQuery typed, int index, String chunk) {
        List<String> parts = new ArrayList<>(typed.include());
        parts.set(index, chunk);
        typed.exclude().forEach(e -> parts.add("-" + e));
        return String.join(" ", parts);
    }

    /** {@code words} (as analysed) as a phrase in the title, body or labels: what "no case has it as typed" asks. */
    Query typedPhrase(List<String> words) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String field : IndexFields.TEXT_FIELDS) {
            any.add(phrase(field, words), Occur.SHOULD);
        }
        return any.build();
    }

    /** The words that snippets of the relaxed tier mark (no bigrams: they would mark fragments). */
    private static Query markedWords(Chunk chunk) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        chunk.words().stream().filter(CaseQueryBuilder::isWord).forEach(w -> any.add(new TermQuery(new Term(IndexFields.BODY, w)), Occur.SHOULD));
        Stream.concat(chunk.respelled().stream(), chunk.partlyRead().stream()).forEach(position -> position.stream()
                .filter(CaseQueryBuilder::isWord).forEach(w -> any.add(new TermQuery(new Term(IndexFields.BODY, w)), Occur.SHOULD)));
        return any.build();
    }

    /** {@code text} as a phrase in each of the nine fields (the body's three); the number it has words in. */
    private int phraseInEveryField(List<Query> ways, String text, float weight, boolean bodyOnly) {
        int clauses = 0;
        for (Map.Entry<String, Float> field : FIELD_BOOSTS.entrySet()) {
            if (bodyOnly && !field.getKey().startsWith(IndexFields.BODY)) {
                continue;
            }
            // The code fields hold only a text's ASCII runs: for a Japanese chunk (DB更改) they would match any
            // case with DB, not the chunk.
            if (field.getKey().endsWith(Analyzers.CODE_SUFFIX) && isJapanese(text)) {
                continue;
            }
            Query phrase = phrases.createPhraseQuery(field.getKey(), text);
            if (phrase != null) {
                ways.add(new BoostQuery(phrase, field.getValue() * weight));
                clauses++;
            }
        }
        return clauses;
    }

    private static Query phrase(String field, List<String> words) {
        if (words.size() == 1) {
            return new TermQuery(new Term(field, words.get(0)));
        }
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        words.forEach(w -> phrase.add(new Term(field, w)));
        return phrase.build();
    }

    /** The incident's words of a chunk, as analysed: without the words of a question about the casebook. */
    List<String> contentWords(String chunk) {
        List<String> words = new ArrayList<>();
        for (String word : new LinkedHashSet<>(analyzed(IndexFields.BODY, chunk))) {
            if (!QUESTION_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    private List<String> analyzed(String field, String text) {
        return Token.of(analyzer, field, text).stream().map(Token::term).toList();
    }

    /**
     * Financial texts write many verbs' nouns without their kana (振込, 引落, 払戻, 取消): a short chunk typed
     * with them (給与が振り込まれない, 引き落とし) also finds the compact form (給与振込, 引落). Null when the
     * chunk is long (a sentence), or keeps fewer than two kanji.
     */
    static String withoutKana(String chunk) {
        if (chunk.length() > MAX_COMPACTED || chunk.codePoints().noneMatch(CaseQueryBuilder::isHiragana)) {
            return null;
        }
        StringBuilder kanji = new StringBuilder();
        chunk.codePoints().filter(c -> !isHiragana(c)).forEach(kanji::appendCodePoint);
        long han = kanji.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
        return han >= 2 ? kanji.toString() : null;
    }

    /** A word that means something on its own: no bare number, no word of a question about the casebook. */
    private static boolean isWord(String word) { return !isNumber(word) && !QUESTION_WORDS.contains(word); }

    private static boolean isHiragana(int c) { return Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA; }

    private static boolean isHiraganaOnly(String text) { return text.codePoints().allMatch(c -> isHiragana(c) || c == 'ー'); }

    private static boolean hasKanji(String word) {
        return word.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    private static boolean isNumber(String word) { return word.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ','); }

    static boolean isJapanese(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA);
    }
}
