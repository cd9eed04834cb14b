package kb.tagging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import kb.corpus.CaseFileException;
import kb.corpus.CaseParser;
import kb.model.Case;

/**
 * Invented incident reports in the styles other organisations write (kb/tagging/examples: internal
 * reports, public notices, postmortems, vendor reports), each labelled with its trigger. The casebook
 * alone teaches the model one house style; these teach it how the same triggers read elsewhere.
 * They train the model only: they are not cases of the casebook.
 */
final class TriggerExamples {
    static final List<Case> ALL = read();
    /** As the model reads them; tokenised once, as every cross-validation fold trains on them. */
    static final List<TriggerModel.Example> FEATURES = ALL.stream()
            .map(c -> new TriggerModel.Example(TriggerFeatures.of(c.fullText()), c.declaredTrigger())).toList();

    private TriggerExamples() {}

    private static List<Case> read() {
        try {
            // A directory of the class path: tools/kb and the tests run from target/classes.
            return parseAll(Path.of(TriggerExamples.class.getResource("examples").toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tagger's example reports", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Case> parseAll(Path dir) throws IOException {
        CaseParser parser = new CaseParser(Set.of());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(TriggerExamples::isReport).sorted().toList()) {
                String name = file.getFileName().toString();
                try {
                    Case c = parser.parse(name.substring(0, name.length() - 3), name, Files.readAllBytes(file), (line, message) -> {});
                    if (c.declaredTrigger() == null) {
                        throw new CaseFileException(0, "an example must declare its trigger");
                    }
                    cases.add(c);
                } catch (CaseFileException e) {
                    throw new IllegalStateException("kb/tagging/examples/" + name + ":" + e.line() + ": " + e.getMessage());
                }
            }
        }
        return List.copyOf(cases);
    }

    private static boolean isReport(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".md") && !name.equals("README.md");
    }
}
