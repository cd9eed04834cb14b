package kb.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import kb.users.Access;
import kb.users.User;
import kb.users.UsersDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Show the site settings (in index/users.db), or change one.")
final class SettingsCommand implements Callable<Integer> {
    @Mixin
    IndexOption index;

    @Option(names = "--require-login-for-reading", paramLabel = "on|off",
            description = "on: anonymous visitors can read nothing; off (the default): reading is open")
    String requireLogin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (requireLogin != null && !requireLogin.equals("on") && !requireLogin.equals("off")) {
            throw new ParameterException(spec.commandLine(), "--require-login-for-reading takes on or off, not '" + requireLogin + "'");
        }
        Access access = new Access(UsersDatabase.open(index.directory().usersDatabase()));
        if (requireLogin != null) {
            access.setLoginRequiredForReading(User.OPERATOR, requireLogin.equals("on"));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("require-login-for-reading: " + (access.loginRequiredForReading() ? "on" : "off"));
        return 0;
    }
}
