package kb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import kb.soak.Soak;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Soak test: serve a scratch copy of the corpus on 127.0.0.1 and let readers, reviewers, trainers and",
                "sign-ins use it at once; print each minute's requests, errors, latency and heap after GC.",
                "Exit 0 when no request failed, 1 otherwise. Nothing outside a temporary directory is touched."})
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--minutes", paramLabel = "M", defaultValue = "10", description = "how long (default: ${DEFAULT-VALUE})")
    int minutes;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "16", description = "concurrent clients, at least 4 (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--corpus", paramLabel = "DIR", description = "the corpus to serve (default: corpus/ of the project)")
    Path corpus;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (minutes < 1 || minutes > 24 * 60) {
            throw new ParameterException(spec.commandLine(), "--minutes must be between 1 and 1440, got " + minutes);
        }
        if (clients < 4 || clients > 256) {
            throw new ParameterException(spec.commandLine(), "--clients must be between 4 and 256, got " + clients);
        }
        PrintWriter out = spec.commandLine().getOut();
        Soak.Report report = Soak.run(corpus != null ? corpus : Kb.shippedCorpus(), Duration.ofMinutes(minutes), clients, out);
        out.printf("soak: %d requests, %d errors%n", report.requests(), report.errors());
        return report.errors() == 0 ? 0 : 1;
    }
}
