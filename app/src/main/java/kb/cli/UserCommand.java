package kb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import kb.users.Role;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.accounts.AccountService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage accounts (in index/users.db).",
        subcommands = UserCommand.Add.class)
final class UserCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an account. Reads the password from stdin: one line, not empty.",
                    "Roles: reader, reviewer (tickets), trainer (curricula), admin (users, settings, everything)."})
    static final class Add implements Callable<Integer> {
        @Mixin
        IndexOption index;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "reader, reviewer, trainer or admin")
        String role;

        @Parameters(paramLabel = "NAME", description = "the user name: 1–32 of a-z 0-9 . _ -")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Role r = Role.fromSlug(role).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown --role '" + role + "'; use one of " + Role.slugs()));
            char[] password = readPassword();
            if (password.length == 0) {
                spec.commandLine().getErr().println("kb user add: no password: give it on stdin as one non-empty line");
                return 2;
            }
            try {
                AccountService accounts = new AccountService(UsersDatabase.open(index.directory().usersDatabase()),
                        Clock.systemUTC());
                User user = accounts.addUser(User.OPERATOR, name, r, password);
                spec.commandLine().getOut().println("added user " + user.name() + " (" + user.role().slug() + ")");
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        /** One line of stdin, without its line break; empty when there is none. */
        private static char[] readPassword() throws IOException {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? new char[0] : line.toCharArray();
        }
    }
}
