package kb.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Theme;
import kb.search.CaseSearcher;

/** The live generation of a knowledge base, opened for reading: cases in memory, the index for search. */
public final class KnowledgeBase implements Closeable {
    private final Path generation;
    private final Map<String, CaseRecord> cases;
    private final List<Theme> themes;
    private final CaseSearcher searcher;

    private KnowledgeBase(Path generation, CaseStore.Contents contents, CaseSearcher searcher) {
        this.generation = generation;
        Map<String, CaseRecord> byId = new LinkedHashMap<>();
        contents.cases().forEach(c -> byId.put(c.id(), c));
        this.cases = Collections.unmodifiableMap(byId);
        this.themes = contents.themes();
        this.searcher = searcher;
    }

    /** Opens the live generation of {@code dir}; {@link NoKnowledgeBaseException} when nothing was ingested. */
    public static KnowledgeBase open(IndexDirectory dir) throws IOException {
        while (true) {
            Path generation = dir.current().orElseThrow(() -> new NoKnowledgeBaseException(dir.root()));
            try {
                CaseStore.Contents contents = CaseStore.read(IndexDirectory.casesDatabase(generation));
                return new KnowledgeBase(generation, contents, CaseSearcher.open(IndexDirectory.luceneIndex(generation)));
            } catch (IOException e) {
                // An ingest may have switched generations and removed this one between the two steps: open the new one.
                if (generation.equals(dir.current().orElse(null))) {
                    throw e;
                }
            }
        }
    }

    public Path generation() { return generation; }

    /** How many cases the generation holds. */
    public int count() { return cases.size(); }

    /** Every case, newest first. */
    public List<CaseRecord> cases() { return List.copyOf(cases.values()); }

    public Optional<CaseRecord> find(String id) { return Optional.ofNullable(cases.get(id)); }

    public Optional<Lesson> lesson(String lessonId) {
        int hash = lessonId.indexOf('#');
        if (hash < 0) {
            return Optional.empty();
        }
        return find(lessonId.substring(0, hash))
                .flatMap(c -> c.lessons().stream().filter(l -> l.id().equals(lessonId)).findFirst());
    }

    public List<Theme> themes() { return themes; }

    public CaseSearcher searcher() { return searcher; }

    @Override
    public void close() throws IOException { searcher.close(); }

    /** No ingest has completed in the directory yet. */
    public static final class NoKnowledgeBaseException extends IOException {
        public NoKnowledgeBaseException(Path dir) {
            super("no knowledge base in " + dir + ": run 'tools/kb ingest' first");
        }
    }
}
