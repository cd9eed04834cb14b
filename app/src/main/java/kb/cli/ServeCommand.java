package kb.cli;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import kb.ingest.Ingest;
import kb.search.Thesaurus;
import kb.store.IndexDirectory;
import kb.users.UsersDatabase;
import kb.web.LiveKnowledgeBase;
import kb.web.ServerLimits;
import kb.web.Templates;
import kb.web.WebApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the casebook on the web (ingesting corpus/ first when the knowledge base is empty).",
                "Stops on Ctrl-C or SIGTERM."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    IndexOption index;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070", description = "port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "the casebook's address as its users reach it (e.g. https://kb.example.jp), for the links in "
                    + "ticket exports; default: the address each request came to")
    String baseUrl;

    @Option(names = "--dev", description = "render templates/ and serve assets from the sources, reloading on change")
    boolean dev;

    @Option(names = "--behind-proxy", description = {"a reverse proxy (TLS) forwards the requests: read the client's address "
            + "and scheme from X-Forwarded-For / Forwarded.", "Only with --host 127.0.0.1 or a firewall: anyone who "
            + "reaches the port directly could claim any address (docs/operations.md)"})
    boolean behindProxy;

    @Option(names = "--max-connections-per-address", paramLabel = "N", defaultValue = "50",
            description = "open connections one client address may hold (default: ${DEFAULT-VALUE}; 0 for no cap, "
                    + "e.g. behind a proxy that caps them)")
    int connectionsPerAddress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (connectionsPerAddress < 0) {
            throw new ParameterException(spec.commandLine(), "--max-connections-per-address must be 0 or more, got " + connectionsPerAddress);
        }
        if (baseUrl != null && !baseUrl.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new ParameterException(spec.commandLine(), "--base-url は http:// か https:// で始まるアドレスにしてください (an http(s) address): " + baseUrl);
        }
        CompletableFuture<Thesaurus> thesaurus = Thesaurus.loadInBackground();
        IndexDirectory dir = index.directory();
        if (dir.current().isEmpty()) {
            Path shipped = Kb.shippedCorpus();
            out.println("知識ベースがないため " + shipped + " を取り込みます…");
            Ingest.Progress counts = new Ingest.Progress();
            try (Progress progress = IngestCommand.progress(counts, err)) {
                Ingest.Report report = Ingest.run(new Ingest.Options(List.of(shipped), dir.root(), shipped, false, counts));
                IngestCommand.printProblems(report, err);
                out.printf("取り込み完了: %d 件（却下 %d ファイル）%n", report.cases(), report.rejectedFiles());
            } catch (Ingest.IngestException e) {
                err.println("kb serve: " + e.getMessage());
                return 2;
            }
        }
        dir.removeLeftoversUnlessIngesting();
        AutoCloseable hold = UsersDatabase.holdForServing(dir.usersDatabase());
        LiveKnowledgeBase live = LiveKnowledgeBase.open(dir);
        Templates templates = dev
                ? Templates.fromSources(Kb.home().resolve("templates"), Kb.home().resolve("target/jte-dev-classes"))
                : Templates.precompiled();
        Path assets = dev ? Kb.home().resolve("app/src/main/resources/web") : null;
        UsersDatabase users = UsersDatabase.open(dir.usersDatabase());
        Javalin app = WebApp.create(new WebApp.Options(live, templates, assets, users, baseUrl, Clock.systemUTC(),
                ServerLimits.DEFAULT.withConnectionsPerAddress(connectionsPerAddress), behindProxy));
        try {
            thesaurus.join(); // before listening: a server whose every search would fail must not start
        } catch (CompletionException e) {
            live.close();
            users.close();
            hold.close();
            err.println("kb serve: the thesaurus cannot be loaded: " + (e.getCause() == null ? e : e.getCause()));
            return 1;
        }
        try {
            app.start(host, port);
        } catch (JavalinBindException e) {
            live.close();
            users.close();
            hold.close();
            err.println("kb serve: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            try {
                live.close();
            } catch (IOException e) {
                err.println("kb serve: " + e.getMessage());
            }
            users.close();
            try {
                hold.close();
            } catch (Exception e) {
                // the process is ending: the lock goes with it
            }
            out.println("停止しました。");
            stopped.countDown();
        }, "kb-serve-shutdown"));
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        out.println("障害事例ナレッジベース: http://" + shownHost + ":" + app.port() + "/" + (dev ? "  (開発モード)" : ""));
        stopped.await();
        return 0;
    }
}
