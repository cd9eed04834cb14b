package kb.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import kb.synth.SyntheticCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Write a synthetic corpus for load tests, drawn from the shipped casebook (never into corpus/).",
                "The same --cases and --seed give the same files."})
final class SynthCommand implements Callable<Integer> {
    @Option(names = "--cases", paramLabel = "N", required = true, description = "number of cases")
    int cases;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "a new or empty directory")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = this.out.toAbsolutePath().normalize();
        Path shipped = Kb.shippedCorpus();
        if (cases < 1) {
            err.println("kb synth: --cases must be at least 1");
            return 2;
        }
        if (target.startsWith(shipped.toRealPath())) {
            err.println("kb synth: refusing to write into the shipped corpus " + shipped + "; choose another --out");
            return 2;
        }
        if (Files.exists(target) && (!Files.isDirectory(target) || hasEntries(target))) {
            err.println("kb synth: " + target + " exists and is not an empty directory");
            return 2;
        }
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        try (Progress progress = Progress.start("synth", cases, done::get, err)) {
            SyntheticCorpus.from(shipped).write(target, cases, seed, done::incrementAndGet);
        }
        out.printf("%d 件の合成事例を %s に書きました（seed %d, %.1f 秒）%n", cases, target, seed, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static boolean hasEntries(Path dir) throws java.io.IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }
}
