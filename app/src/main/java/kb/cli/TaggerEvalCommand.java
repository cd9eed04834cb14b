package kb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import kb.corpus.CorpusReader;
import kb.model.Trigger;
import kb.tagging.TaggerEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tagger-eval", mixinStandardHelpOptions = true,
        description = "Cross-validate the trigger model on the cases that declare their trigger.")
final class TaggerEvalCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "DIR", description = "corpus directory; repeat for several (default: corpus/ of the project)")
    List<Path> corpora;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "10", description = "number of folds (default: ${DEFAULT-VALUE})")
    int folds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (folds < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--folds must be at least 2");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path shipped = Kb.shippedCorpus();
        List<Path> dirs = corpora == null || corpora.isEmpty() ? List.of(shipped) : corpora;
        CorpusReader.Result read = CorpusReader.read(dirs, shipped.resolve("themes.yaml"));
        TaggerEvaluation.Report r = TaggerEvaluation.crossValidate(read.cases(), folds);
        out.printf("%d-fold cross-validation on %d declared cases: accuracy %.1f %% (%d/%d)%n",
                r.folds(), r.cases(), r.accuracy() * 100, r.correct(), r.cases());
        out.println();
        out.printf("%-14s", "actual \\ pred");
        for (Trigger t : Trigger.values()) {
            out.printf("%14s", t.slug());
        }
        out.println();
        for (Trigger actual : Trigger.values()) {
            out.printf("%-14s", actual.slug());
            for (Trigger predicted : Trigger.values()) {
                out.printf("%14d", r.confusion()[actual.ordinal()][predicted.ordinal()]);
            }
            out.println();
        }
        if (!r.misses().isEmpty()) {
            out.println();
            out.println("misclassified:");
            r.misses().forEach(m -> out.printf("  %s: %s → %s (%.0f %%)%n", m.id(), m.actual().slug(), m.predicted().slug(), m.confidence() * 100));
        }
        return 0;
    }
}
