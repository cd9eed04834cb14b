package kb.tagging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import kb.corpus.CorpusReader;
import kb.corpus.Problem;
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
            .map(c -> new TriggerModel.Example(TriggerFeatures.read(c).features(), c.declaredTrigger())).toList();

    private TriggerExamples() {}

    private static List<Case> read() {
        try {
            // A directory of the class path: tools/kb and the tests run from target/classes.
            Path dir = Path.of(TriggerExamples.class.getResource("examples").toURI());
            CorpusReader.Result read = CorpusReader.read(List.of(dir), null);
            for (Problem p : read.problems()) {
                if (p.isError()) {
                    throw new IllegalStateException("a tagger example does not parse: " + p);
                }
            }
            for (Case c : read.cases()) {
                if (c.declaredTrigger() == null) {
                    throw new IllegalStateException("a tagger example must declare its trigger: " + c.path());
                }
            }
            return read.cases();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tagger's example reports", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
