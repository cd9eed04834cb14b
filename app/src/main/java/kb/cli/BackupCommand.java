package kb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kb.users.UsersBackup;
import kb.users.UsersDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up users.db (accounts, tickets, curricula, audit log) to FILE: a consistent copy, also while",
                "the server runs. FILE must not exist; it is created readable by its owner only."})
final class BackupCommand implements Callable<Integer> {
    @Mixin
    IndexOption index;

    @Parameters(paramLabel = "FILE", description = "the backup to write, e.g. users-20260401.db")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (UsersDatabase db = UsersDatabase.open(index.directory().usersDatabase())) {
            UsersBackup.backup(db, file);
        }
        spec.commandLine().getOut().println("backed up " + index.directory().usersDatabase() + " to " + file);
        return 0;
    }
}
