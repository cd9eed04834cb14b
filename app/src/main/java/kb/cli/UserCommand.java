package kb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import kb.users.Role;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.accounts.AccountService;
import kb.users.accounts.PasswordPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "user", mixinStandardHelpOptions = true,
        description = {"Manage accounts (in index/users.db). Disabling an account, or changing its password or role,",
                "ends its sessions and API tokens at once, also on a running server."},
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Disable.class,
                UserCommand.Enable.class, UserCommand.Passwd.class, UserCommand.SetRole.class})
final class UserCommand {
    static final DateTimeFormatter JST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));

    private UserCommand() {}

    static AccountService accounts(IndexOption index) {
        return new AccountService(UsersDatabase.open(index.directory().usersDatabase()), Clock.systemUTC());
    }

    /** @param what how the user gave it: {@code --role} or {@code ROLE} */
    static Role role(CommandSpec spec, String what, String slug) {
        return Role.fromSlug(slug).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown " + what + " '" + slug + "'; use one of " + Role.slugs()));
    }

    /** One line of stdin, without its line break; empty when there is none. */
    static char[] readPassword() throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an account. Reads the password from stdin: one line of at least " + PasswordPolicy.MIN_LENGTH
                    + " characters, not a common one.",
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
            Role r = role(spec, "--role", role);
            char[] password = readPassword();
            if (password.length == 0) {
                spec.commandLine().getErr().println("kb user add: no password: give it on stdin as one non-empty line");
                return 2;
            }
            try {
                User user = accounts(index).addUser(User.OPERATOR, name, r, password);
                spec.commandLine().getOut().println("added user " + user.name() + " (" + user.role().slug() + ")");
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the accounts: role, enabled or disabled, created (JST), live sessions and API tokens.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        IndexOption index;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-32s %-9s %-9s %-17s %8s %7s%n", "name", "role", "status", "created (JST)", "sessions", "tokens");
            for (AccountService.Account a : accounts(index).users(User.OPERATOR)) {
                out.printf("%-32s %-9s %-9s %-17s %8d %7d%n", a.user().name(), a.user().role().slug(),
                        a.disabled() ? "disabled" : "enabled", JST.format(a.createdAt()), a.sessions(), a.tokens());
            }
            return 0;
        }
    }

    /** A command on one account, named first on the command line. */
    abstract static class OnAccount implements Callable<Integer> {
        @Mixin
        IndexOption index;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Spec
        CommandSpec spec;

        AccountService accounts() {
            return UserCommand.accounts(index);
        }

        int done(String message) {
            spec.commandLine().getOut().println(message);
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an account: it cannot sign in, and its sessions and API tokens end at once.")
    static final class Disable extends OnAccount {
        @Override
        public Integer call() {
            accounts().setDisabled(User.OPERATOR, name, true);
            return done("disabled " + name + "; its sessions and API tokens are ended");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Enable a disabled account again (it signs in anew; its old tokens stay ended).")
    static final class Enable extends OnAccount {
        @Override
        public Integer call() {
            accounts().setDisabled(User.OPERATOR, name, false);
            return done("enabled " + name);
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = {"Set a new password, read from stdin as one line (at least " + PasswordPolicy.MIN_LENGTH
                    + " characters, not a common one).", "The account's sessions and API tokens end at once."})
    static final class Passwd extends OnAccount {
        @Override
        public Integer call() throws IOException {
            char[] password = readPassword();
            if (password.length == 0) {
                spec.commandLine().getErr().println("kb user passwd: no password: give it on stdin as one non-empty line");
                return 2;
            }
            try {
                accounts().setPassword(User.OPERATOR, name, password);
                return done("changed the password of " + name + "; its sessions and API tokens are ended");
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true,
            description = "Give an account another role; its sessions and API tokens end at once.")
    static final class SetRole extends OnAccount {
        @Parameters(index = "1", paramLabel = "ROLE", description = "reader, reviewer, trainer or admin")
        String role;

        @Override
        public Integer call() {
            Role r = role(spec, "ROLE", role);
            accounts().setRole(User.OPERATOR, name, r);
            return done(name + " is now " + r.slug() + "; its sessions and API tokens are ended");
        }
    }
}
