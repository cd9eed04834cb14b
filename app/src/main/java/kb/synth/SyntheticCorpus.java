package kb.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import kb.corpus.CorpusReader;
import kb.corpus.ThemeReader;
import kb.model.Case;
import kb.model.Industry;
import kb.model.Lesson;
import kb.model.Section;
import kb.model.Source;
import kb.model.Trigger;

/**
 * Realistic cases for load tests, in the corpus format, drawn from the shipped casebook: each synthetic case of
 * a trigger takes its title shape, sentences, lessons, patterns and systems from shipped cases of the same
 * trigger, so the tagger and the search see the vocabulary and section shapes of real reports. Every trigger
 * and industry occurs; about half the cases leave {@code trigger:} to the tagger. Case {@code i} depends only on
 * the seed and {@code i}, so a corpus is reproducible and any one case can be written again on its own.
 */
public final class SyntheticCorpus {
    /** Files per sub-directory, so that no directory grows to 100,000 entries. */
    private static final int PER_DIRECTORY = 1000;
    private static final List<Section> PROSE = List.of(Section.SUMMARY, Section.CAUSE, Section.IMPACT, Section.RESPONSE);
    /** Sentences per section (min, max): the shipped cases' shape, about 2.7 KB a file in all. */
    private static final Map<Section, int[]> SENTENCES = Map.of(
            Section.SUMMARY, new int[] {2, 5}, Section.CAUSE, new int[] {2, 4},
            Section.IMPACT, new int[] {1, 3}, Section.RESPONSE, new int[] {1, 3});

    private final Map<Trigger, Pool> pools = new EnumMap<>(Trigger.class);
    private final List<String> organizations = new ArrayList<>();
    private final Path themes;

    /** The material of every shipped case with a declared trigger, grouped by trigger. */
    private record Pool(List<String> titles, Map<Section, List<String>> sentences, List<Lesson> lessons,
                        List<String> patterns, List<String> systems, List<Source> sources) {
        static Pool empty() {
            Map<Section, List<String>> sentences = new EnumMap<>(Section.class);
            PROSE.forEach(s -> sentences.put(s, new ArrayList<>()));
            return new Pool(new ArrayList<>(), sentences, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private SyntheticCorpus(List<Case> shipped, Path themes) {
        this.themes = themes;
        for (Trigger t : Trigger.values()) {
            pools.put(t, Pool.empty());
        }
        LinkedHashSet<String> orgs = new LinkedHashSet<>();
        for (Case c : shipped) {
            if (c.declaredTrigger() == null) {
                continue;
            }
            Pool pool = pools.get(c.declaredTrigger());
            pool.titles().add(c.title());
            for (Section s : PROSE) {
                String text = c.sections().get(s.ja());
                if (text != null) {
                    pool.sentences().get(s).addAll(sentences(text));
                }
            }
            pool.lessons().addAll(c.lessons());
            pool.patterns().addAll(c.patterns());
            pool.systems().addAll(c.systems());
            pool.sources().addAll(c.sources());
            if (c.organization() != null) {
                orgs.add(c.organization());
            }
        }
        organizations.addAll(orgs);
        for (Map.Entry<Trigger, Pool> e : pools.entrySet()) {
            if (e.getValue().titles().isEmpty()) {
                throw new IllegalArgumentException("the source casebook has no case declaring trigger '" + e.getKey().slug() + "'");
            }
        }
    }

    /** Learns from the casebook in {@code shippedCorpus} (its cases and its themes.yaml). */
    public static SyntheticCorpus from(Path shippedCorpus) throws IOException {
        CorpusReader.Result read = CorpusReader.read(List.of(shippedCorpus), null);
        return new SyntheticCorpus(read.cases(), shippedCorpus.resolve(ThemeReader.FILE_NAME));
    }

    /** Writes cases {@code 0 … n-1} and the themes under {@code out}, in parallel; {@code done} counts files written. */
    public void write(Path out, int n, long seed, Runnable done) throws IOException {
        Files.createDirectories(out);
        if (Files.isRegularFile(themes)) {
            Files.copy(themes, out.resolve(ThemeReader.FILE_NAME));
        }
        for (int d = 0; d * PER_DIRECTORY < n; d++) {
            Files.createDirectories(out.resolve(directory(d * PER_DIRECTORY)));
        }
        try {
            IntStream.range(0, n).parallel().forEach(i -> {
                try {
                    Files.writeString(out.resolve(relativePath(i, seed)), text(i, seed));
                    done.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Where case {@code i} lives under the output directory. */
    public String relativePath(int i, long seed) {
        return directory(i) + "/" + id(i, random(i, seed)) + ".md";
    }

    private static String directory(int i) { return "%03d".formatted(i / PER_DIRECTORY); }

    private static SplittableRandom random(int i, long seed) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    }

    private static String id(int i, SplittableRandom r) {
        SplittableRandom dates = r.split();
        return "%04d-%02d-synth-%06d".formatted(1995 + dates.nextInt(31), 1 + dates.nextInt(12), i);
    }

    /** The whole file of case {@code i}. */
    public String text(int i, long seed) {
        SplittableRandom r = random(i, seed);
        String id = id(i, r);
        Trigger trigger = Trigger.values()[i % Trigger.values().length];
        Pool pool = pools.get(trigger);
        String organization = r.nextInt(10) < 7 ? pick(r, organizations) : null;
        StringBuilder md = new StringBuilder("---\n");
        md.append("title: ").append(quoted(title(r, pool, organization))).append('\n');
        md.append("date: ").append(id, 0, 7).append('-').append("%02d".formatted(1 + r.nextInt(28))).append('\n');
        md.append("industry: ").append(Industry.ALL.get(r.nextInt(Industry.ALL.size()))).append('\n');
        if (organization != null) {
            md.append("organization: ").append(quoted(organization)).append('\n');
        }
        if (r.nextBoolean()) {
            md.append("trigger: ").append(trigger.slug()).append('\n');
        }
        md.append("patterns: [").append(String.join(", ", distinct(r, pool.patterns(), 1 + r.nextInt(3)).stream()
                .map(SyntheticCorpus::quoted).toList())).append("]\n");
        md.append("systems: [").append(String.join(", ", distinct(r, pool.systems(), 1 + r.nextInt(2)).stream()
                .map(SyntheticCorpus::quoted).toList())).append("]\n");
        if (!pool.sources().isEmpty()) {
            Source s = pick(r, pool.sources());
            md.append("sources:\n  - {publisher: ").append(quoted(s.publisher())).append(", title: ").append(quoted(s.title()));
            if (s.date() != null) {
                md.append(", date: ").append(s.date());
            }
            md.append("}\n");
        }
        md.append("---\n");
        for (Section s : PROSE) {
            int[] range = SENTENCES.get(s);
            List<String> sentences = pool.sentences().get(s);
            if (sentences.isEmpty()) {
                continue;
            }
            md.append("## ").append(s.ja()).append('\n');
            int count = range[0] + r.nextInt(range[1] - range[0] + 1);
            for (int k = 0; k < count; k++) {
                md.append(pick(r, sentences));
            }
            md.append("\n\n");
        }
        md.append("## ").append(Section.LESSONS.ja()).append('\n');
        for (Lesson l : distinct(r, pool.lessons(), 2 + r.nextInt(3))) {
            md.append("- ").append(l.theme() == null ? "" : "[" + l.theme() + "] ").append(l.text()).append('\n');
        }
        return md.toString();
    }

    /** A shipped title of the trigger, its subject replaced by another organisation (…で/…が starts the event). */
    private String title(SplittableRandom r, Pool pool, String organization) {
        String title = pick(r, pool.titles());
        int cut = Math.max(title.indexOf('で'), title.indexOf('が'));
        if (organization == null || cut <= 0 || cut > 30) {
            return title;
        }
        return organization + title.substring(cut);
    }

    private static List<String> sentences(String markdown) {
        List<String> out = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("|") || text.startsWith("```")) {
                continue;
            }
            for (String s : text.split("(?<=。)")) {
                if (s.endsWith("。") && s.length() >= 8) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static <T> T pick(SplittableRandom r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    private static <T> List<T> distinct(SplittableRandom r, List<T> items, int n) {
        LinkedHashSet<T> chosen = new LinkedHashSet<>();
        for (int tries = 0; chosen.size() < Math.min(n, items.size()) && tries < 4 * n; tries++) {
            chosen.add(pick(r, items));
        }
        return List.copyOf(chosen);
    }

    /** A YAML double-quoted scalar: safe whatever the text holds (colons, brackets, #). */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
