package kb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import kb.users.UsersException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kb}: the command line of the casebook. Each subcommand parses its options and calls the core. */
@Command(name = "kb", mixinStandardHelpOptions = true, version = "kb 0.1.0",
        description = "障害事例ナレッジベース — system-failure casebook with Japanese full-text search.",
        subcommands = {IngestCommand.class, SearchCommand.class, ShowCommand.class, ServeCommand.class, TaggerEvalCommand.class,
                BenchCommand.class, CheckCommand.class, SynthCommand.class, UserCommand.class, TokenCommand.class, SettingsCommand.class,
                BackupCommand.class, RestoreCommand.class, SoakCommand.class})
public final class Kb {
    /** Where the project lives (set by tools/kb): the defaults {@code corpus/} and {@code index/} are under it. */
    static Path home() {
        return Path.of(System.getProperty("kb.home", ".")).toAbsolutePath().normalize();
    }

    /** The casebook shipped with the code: the default corpus, and what trains the trigger model. */
    static Path shippedCorpus() {
        return home().resolve("corpus");
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failed, 2 usage). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Kb());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // I/O problems (a missing index, an unreadable file) and refused input are the user's to fix:
            // say what, not where.
            boolean userError = e instanceof IOException || e instanceof UncheckedIOException
                    || e instanceof UsersException;
            commandLine.getErr().println("kb: " + (userError ? "" : "internal error: ") + (e.getMessage() == null ? e : e.getMessage()));
            if (Boolean.getBoolean("kb.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
