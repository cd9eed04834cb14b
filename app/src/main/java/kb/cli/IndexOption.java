package kb.cli;

import java.nio.file.Path;
import kb.store.IndexDirectory;
import picocli.CommandLine.Option;

/** The {@code --index DIR} option every command shares. */
final class IndexOption {
    @Option(names = "--index", paramLabel = "DIR", description = "knowledge-base directory (default: index/ of the project)")
    Path index;

    IndexDirectory directory() {
        return new IndexDirectory(index != null ? index : Kb.home().resolve("index"));
    }
}
