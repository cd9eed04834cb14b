package kb.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import kb.users.User;
import kb.users.accounts.AccountService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {
    private TokenCommand() {}

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an API token for a user and print it, alone on the last line.",
                    "Only its hash is kept: the token cannot be shown again."})
    static final class Create implements Callable<Integer> {
        @Mixin
        IndexOption index;

        @Option(names = "--expires-days", paramLabel = "N",
                description = "valid for N days (1–" + AccountService.MAX_TOKEN_DAYS + "); without it, until revoked")
        Integer expiresDays;

        @Parameters(paramLabel = "NAME", description = "the user the token acts as")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (expiresDays != null && (expiresDays < 1 || expiresDays > AccountService.MAX_TOKEN_DAYS)) {
                throw new ParameterException(spec.commandLine(),
                        "--expires-days must be between 1 and " + AccountService.MAX_TOKEN_DAYS + ", got " + expiresDays);
            }
            String token = UserCommand.accounts(index).createApiToken(User.OPERATOR, name,
                    expiresDays == null ? null : Duration.ofDays(expiresDays));
            PrintWriter out = spec.commandLine().getOut();
            out.println("API token for " + name + (expiresDays == null ? "" : ", valid " + expiresDays + " days")
                    + " (shown once; only its hash is kept):");
            out.println(token);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List API tokens (all, or one user's): id, user, created and expiry (JST). Never the tokens themselves.")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        IndexOption index;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "only this user's tokens")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Instant now = Instant.now();
            out.printf("%6s %-32s %-17s %s%n", "id", "user", "created (JST)", "expires (JST)");
            for (AccountService.TokenInfo t : UserCommand.accounts(index).tokens(User.OPERATOR, name)) {
                out.printf("%6d %-32s %-17s %s%n", t.id(), t.user(), UserCommand.JST.format(t.createdAt()),
                        t.expiresAt() == null ? "never" : UserCommand.JST.format(t.expiresAt()) + (t.expired(now) ? " (expired)" : ""));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an API token by its id (from 'token list'): the next request with it is refused.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        IndexOption index;

        @Parameters(paramLabel = "ID")
        long id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            UserCommand.accounts(index).revokeToken(User.OPERATOR, id);
            spec.commandLine().getOut().println("revoked API token " + id);
            return 0;
        }
    }
}
