package kb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kb.users.UsersBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Replace users.db with a backup made by 'kb backup'. Refuses while a server runs on the index",
                "(stop it first) and refuses a file that is not a sound users database. The replaced users.db is kept",
                "beside it as users.db.replaced-<time>."})
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    IndexOption index;

    @Parameters(paramLabel = "FILE", description = "the backup to restore")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path target = index.directory().usersDatabase();
        Path kept = UsersBackup.restore(file, target);
        spec.commandLine().getOut().println("restored " + target + " from " + file
                + (kept == null ? "" : "; the replaced one is kept as " + kept));
        return 0;
    }
}
