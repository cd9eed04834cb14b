package kb.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.graph.GraphTokenStreamFiniteStrings;

/**
 * The thesaurus, applied at query time with Lucene's {@code SynonymGraphFilter} over the morphological chain, so a
 * rule also fires inside a compound typed without spaces (DB更改 → データベース更改). Rules are Solr synonym files
 * under {@code kb/search/thesaurus/} (see docs/search.md):
 * <ul>
 *   <li>{@code domain-equivalent.txt} (ours) and {@code sudachi.txt} (Sudachi's general vocabulary, generated):
 *       groups of true equivalents, {@code a, b, c};</li>
 *   <li>{@code domain-broader.txt}: {@code word => broader term}; {@code domain-narrower.txt}:
 *       {@code word => narrower terms} — related, not the same, so found at a lower weight.</li>
 * </ul>
 */
public final class Thesaurus {
    /** How an alternative relates to what was typed, and what a match on it weighs against a match as typed. */
    public enum Relation {
        EQUIVALENT(0.9f), BROADER(0.5f), NARROWER(0.5f);

        public final float weight;

        Relation(float weight) { this.weight = weight; }
    }

    /**
     * Another way to say the words {@code from} (inclusive) to {@code to} (exclusive) of a chunk: the rule's
     * {@code words} (as analysed), and how they relate to what was typed.
     */
    public record Alternative(int from, int to, List<String> words, Relation relation, int start, int end, String written) {}

    /**
     * A chunk's words as analysed, and the alternatives the rules give for runs of them, equivalents first; each
     * alternative also says which characters of the chunk it stands for ({@code start}, {@code end}), and how
     * the rule writes it ({@code written}).
     */
    public record Expansion(String chunk, List<String> words, List<Alternative> alternatives) {
        /** The chunk's words with one alternative in place. */
        public List<String> with(Alternative alternative) {
            List<String> all = new ArrayList<>(words.subList(0, alternative.from()));
            all.addAll(alternative.words());
            all.addAll(words.subList(alternative.to(), words.size()));
            return all;
        }

        /** The chunk as typed, with one alternative in place as its rule writes it. */
        public String written(Alternative alternative) {
            return chunk.substring(0, alternative.start()) + alternative.written() + chunk.substring(alternative.end());
        }
    }

    /** A run of words with many synonyms has many alternatives; the first few are plenty. */
    private static final int MAX_PER_RUN = 12;
    private static final String DIR = "thesaurus/";

    private final Analyzer plain = Analyzers.japanese();
    private final Map<Relation, Analyzer> analyzers;
    private final List<String> heads;
    /** Each rule word as its rule writes it, by its analysed words (space-joined): フェイルオーバ → フェイルオーバー. */
    private final Map<String, String> writtenAs;

    /** What reading the rules gathers besides the maps: our rules' first words, and how each word is written. */
    private static final class Gathered {
        final List<String> heads = new ArrayList<>();
        final Map<String, String> writtenAs = new java.util.HashMap<>();
    }

    private Thesaurus(Map<Relation, SynonymMap> maps, Gathered gathered) {
        this.analyzers = new EnumMap<>(Relation.class);
        maps.forEach((relation, map) -> {
            if (map.fst != null) { // no rules at all
                analyzers.put(relation, Analyzers.japanese(map));
            }
        });
        this.heads = List.copyOf(new LinkedHashSet<>(gathered.heads));
        this.writtenAs = Map.copyOf(gathered.writtenAs);
    }

    private static final class Shared {
        static final Thesaurus INSTANCE = load();
    }

    /** The shipped thesaurus, loaded once per process (parsing Sudachi's groups takes a few seconds). */
    public static Thesaurus shared() { return Shared.INSTANCE; }

    /**
     * Starts loading the shipped thesaurus on a thread of its own: in a JVM just started, with Kuromoji not yet
     * compiled, it takes a second that a server can spend opening the index meanwhile. {@link #shared()} waits for
     * it; the future fails as loading did.
     */
    public static CompletableFuture<Thesaurus> loadInBackground() {
        return CompletableFuture.supplyAsync(Thesaurus::shared, task -> Thread.ofPlatform().daemon().name("thesaurus").start(task));
    }

    private static Thesaurus load() {
        Map<Relation, SynonymMap> maps = new EnumMap<>(Relation.class);
        Gathered gathered = new Gathered();
        maps.put(Relation.EQUIVALENT, parse(List.of(DIR + "domain-equivalent.txt", DIR + "sudachi.txt"), gathered));
        maps.put(Relation.BROADER, parse(List.of(DIR + "domain-broader.txt"), gathered));
        maps.put(Relation.NARROWER, parse(List.of(DIR + "domain-narrower.txt"), gathered));
        return new Thesaurus(maps, gathered);
    }

    /** A thesaurus of the given Solr-format rules, for tests. */
    static Thesaurus of(String equivalent, String broader, String narrower) {
        Map<Relation, SynonymMap> maps = new EnumMap<>(Relation.class);
        Gathered gathered = new Gathered();
        maps.put(Relation.EQUIVALENT, parse("equivalent", new StringReader(equivalent), gathered));
        maps.put(Relation.BROADER, parse("broader", new StringReader(broader), gathered));
        maps.put(Relation.NARROWER, parse("narrower", new StringReader(narrower), gathered));
        return new Thesaurus(maps, gathered);
    }

    /** The first word of each of our own groups and rules: the terms worth suggesting. */
    public List<String> heads() { return heads; }

    /**
     * The chunk's words, and the other ways to say runs of them (a rule fires on any run of its words, also inside
     * a compound typed without spaces). The rules' graph is cut at its articulation points, so each run's
     * alternatives come on their own: a sentence with a synonym for each of ten words has ten runs, not 2^10 paths.
     */
    public Expansion expand(String chunk) {
        List<Token> typed = Token.of(plain, "", chunk);
        List<String> words = typed.stream().map(Token::term).toList();
        Map<List<Object>, Alternative> found = new LinkedHashMap<>();
        for (Map.Entry<Relation, Analyzer> rules : analyzers.entrySet()) {
            Relation relation = rules.getKey();
            try (TokenStream stream = rules.getValue().tokenStream("", chunk)) {
                // GraphTokenStreamFiniteStrings resets the stream and reads it whole.
                GraphTokenStreamFiniteStrings graph = new GraphTokenStreamFiniteStrings(stream);
                int start = 0;
                int[] points = graph.articulationPoints();
                for (int i = 0; i <= points.length; i++) {
                    int end = i < points.length ? points[i] : -1;
                    // Each run's paths: several words in parallel (a side path), or one word and its synonyms.
                    addRun(graph.getFiniteStrings(start, end), typed, words, relation, found);
                    start = end;
                }
                stream.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Expansion(chunk, words, List.copyOf(found.values()));
    }

    /** The paths of one run that differ from what was typed there. */
    private void addRun(Iterator<TokenStream> paths, List<Token> typed, List<String> words, Relation relation,
                        Map<List<Object>, Alternative> found) throws IOException {
        List<List<Token>> run = new ArrayList<>();
        for (int n = 0; paths.hasNext() && n < MAX_PER_RUN; n++) {
            run.add(Token.readAll(paths.next()));
        }
        int startOffset = run.stream().flatMap(List::stream).mapToInt(Token::start).min().orElse(0);
        int endOffset = run.stream().flatMap(List::stream).mapToInt(Token::end).max().orElse(0);
        int from = 0;
        while (from < typed.size() && typed.get(from).start() < startOffset) {
            from++;
        }
        int to = from;
        while (to < typed.size() && typed.get(to).end() <= endOffset) {
            to++;
        }
        List<String> original = words.subList(from, to);
        int start = from < typed.size() ? typed.get(from).start() : startOffset;
        int end = to > from ? typed.get(to - 1).end() : endOffset;
        for (List<Token> path : run) {
            List<String> alternative = path.stream().map(Token::term).toList();
            // An alternative that holds what was typed (DDoS → DDoS攻撃) finds nothing more, and would widen marks.
            if (!alternative.isEmpty() && Collections.indexOfSubList(alternative, original) < 0) {
                String written = writtenAs.getOrDefault(String.join(" ", alternative), String.join("", alternative));
                found.putIfAbsent(List.of(from, to, alternative),
                        new Alternative(from, to, alternative, relation, start, end, written));
            }
        }
    }

    private static SynonymMap parse(List<String> resources, Gathered gathered) {
        SolrSynonymParser parser = new SolrSynonymParser(true, true, Analyzers.japanese());
        for (String resource : resources) {
            InputStream in = Thesaurus.class.getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("missing thesaurus file " + resource);
            }
            // Our own files must parse whole; Sudachi's few rules of symbols only (€, ㎡) are skipped.
            boolean ours = !resource.endsWith("sudachi.txt");
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                addRules(parser, resource, reader, ours, gathered);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return build(parser);
    }

    private static SynonymMap parse(String name, StringReader rules, Gathered gathered) {
        SolrSynonymParser parser = new SolrSynonymParser(true, true, Analyzers.japanese());
        try {
            addRules(parser, name, new BufferedReader(rules), true, gathered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build(parser);
    }

    private static final Analyzer RULE_WORDS = Analyzers.japanese();

    /** Adds each rule; {@code ours} (not Sudachi's): every rule must parse, and its first word is a head. */
    private static void addRules(SolrSynonymParser parser, String name, BufferedReader reader, boolean ours,
                                 Gathered gathered) throws IOException {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String rule = line.strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            try {
                parser.parse(new StringReader(keepingWhatWasTyped(rule)));
            } catch (ParseException | IllegalArgumentException e) {
                if (ours) {
                    throw new IllegalStateException(name + " line " + number + ": cannot read the rule '" + rule + "'", e);
                }
                continue;
            }
            String[] entries = rule.split("=>|,");
            if (ours) {
                gathered.heads.add(entries[0].strip());
            }
            for (String entry : entries) {
                String word = entry.strip();
                String analysed = String.join(" ", Token.of(RULE_WORDS, "", word).stream().map(Token::term).toList());
                gathered.writtenAs.putIfAbsent(analysed, word);
            }
        }
    }

    /**
     * A one-way rule {@code a => b} replaces a; written {@code a => a, b} it keeps it, so a replacement of several
     * words stays one run of the graph beside what was typed (ランサムウェア | マル ウェア), not two runs of its own.
     */
    static String keepingWhatWasTyped(String rule) {
        int arrow = rule.indexOf("=>");
        if (arrow < 0) {
            return rule;
        }
        String left = rule.substring(0, arrow).strip();
        String right = rule.substring(arrow + 2).strip();
        List<String> outputs = new ArrayList<>(List.of(left.split("\\s*,\\s*")));
        for (String word : right.split("\\s*,\\s*")) {
            if (!outputs.contains(word)) {
                outputs.add(word);
            }
        }
        return left + " => " + String.join(", ", outputs);
    }

    private static SynonymMap build(SynonymMap.Builder builder) {
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
