package kb.cli;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import kb.ingest.Ingest;
import kb.store.IndexDirectory;
import kb.users.UsersDatabase;
import kb.web.LiveKnowledgeBase;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (baseUrl != null && !baseUrl.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new ParameterException(spec.commandLine(), "--base-url は http:// か https:// で始まるアドレスにしてください (an http(s) address): " + baseUrl);
        }
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
        LiveKnowledgeBase live = LiveKnowledgeBase.open(dir);
        Templates templates = dev
                ? Templates.fromSources(Kb.home().resolve("templates"), Kb.home().resolve("target/jte-dev-classes"))
                : Templates.precompiled();
        Path assets = dev ? Kb.home().resolve("app/src/main/resources/web") : null;
        Javalin app = WebApp.create(new WebApp.Options(live, templates, assets, UsersDatabase.open(dir.usersDatabase()), baseUrl));
        try {
            app.start(host, port);
        } catch (JavalinBindException e) {
            live.close();
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
            out.println("停止しました。");
            stopped.countDown();
        }, "kb-serve-shutdown"));
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        out.println("障害事例ナレッジベース: http://" + shownHost + ":" + app.port() + "/" + (dev ? "  (開発モード)" : ""));
        stopped.await();
        return 0;
    }
}
