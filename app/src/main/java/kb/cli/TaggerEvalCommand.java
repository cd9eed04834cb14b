package kb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import kb.corpus.CorpusReader;
import kb.corpus.Problem;
import kb.model.Trigger;
import kb.tagging.TaggerEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tagger-eval", mixinStandardHelpOptions = true,
        description = {"Cross-validate the trigger model on the cases that declare their trigger;",
                "with --test, train on the corpus and tag a held-out set of labelled reports instead."})
final class TaggerEvalCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "DIR", description = "corpus directory; repeat for several (default: corpus/ of the project)")
    List<Path> corpora;

    @Option(names = "--test", paramLabel = "DIR", description = "held-out reports whose declared trigger is the answer; repeat for several")
    List<Path> tests;

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
        TaggerEvaluation.Report r;
        if (tests == null || tests.isEmpty()) {
            r = TaggerEvaluation.crossValidate(read.cases(), folds);
            out.printf("%d-fold cross-validation on %d declared cases: accuracy %.1f %% (%d/%d)%n",
                    r.folds(), r.cases(), r.accuracy() * 100, r.correct(), r.cases());
            out.printf("(each fold's model also learns from the lexicon and %d example reports)%n", TaggerEvaluation.exampleReports());
        } else {
            CorpusReader.Result held = CorpusReader.read(tests, shipped.resolve("themes.yaml"));
            // A report that cannot be read is left out of the count: say so. Missing sources do not matter here.
            held.problems().stream().filter(Problem::isError).forEach(spec.commandLine().getErr()::println);
            r = TaggerEvaluation.heldOut(read.cases(), held.cases());
            if (r.cases() == 0) {
                spec.commandLine().getErr().println("kb tagger-eval: no report under " + tests + " declares its trigger: nothing to score");
                return 1;
            }
            out.printf("held-out test on %d labelled reports: accuracy %.1f %% (%d/%d)%n",
                    r.cases(), r.accuracy() * 100, r.correct(), r.cases());
            out.printf("(model learnt from %d declared cases, the lexicon and %d example reports)%n",
                    read.cases().stream().filter(c -> c.declaredTrigger() != null).count(), TaggerEvaluation.exampleReports());
        }
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
