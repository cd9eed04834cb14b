package kb.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.accounts.AccountService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an API token for a user and print it, alone on the last line.",
                    "Only its hash is kept: the token cannot be shown again."})
    static final class Create implements Callable<Integer> {
        @Mixin
        IndexOption index;

        @Parameters(paramLabel = "NAME", description = "the user the token acts as")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AccountService accounts = new AccountService(UsersDatabase.open(index.directory().usersDatabase()), Clock.systemUTC());
            String token = accounts.createApiToken(User.OPERATOR, name);
            PrintWriter out = spec.commandLine().getOut();
            out.println("API token for " + name + " (shown once; only its hash is kept):");
            out.println(token);
            return 0;
        }
    }
}
