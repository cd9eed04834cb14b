package kb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import kb.corpus.Problem;
import kb.ingest.Ingest;
import kb.model.Tagging;
import kb.model.Trigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Validate the corpus, tag each case's trigger, and rebuild the knowledge base.",
                "Exit 0 when every file was accepted, 1 when any was rejected (or themes.yaml is unusable: nothing is changed),",
                "2 on usage errors, 3 when reading or writing failed (the live knowledge base is kept)."})
final class IngestCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "DIR", description = "corpus directory; repeat for several (default: corpus/ of the project)")
    List<Path> corpora;

    @Mixin
    IndexOption index;

    @Option(names = "--full", description = "read every file again and rebuild the knowledge base from nothing "
            + "(by default only files changed since the last ingest are read)")
    boolean full;

    /** The least confident inferred cases listed by name; the rest are counted. */
    private static final int REVIEW_LISTED = 10;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path shipped = Kb.shippedCorpus();
        List<Path> dirs = corpora == null || corpora.isEmpty() ? List.of(shipped) : corpora;
        Ingest.Report report;
        Ingest.Progress counts = new Ingest.Progress();
        try (Progress progress = progress(counts, err)) {
            report = Ingest.run(new Ingest.Options(dirs, index.directory().root(), shipped, full, counts));
        } catch (Ingest.IngestException e) {
            err.println("kb ingest: " + e.getMessage());
            return e.rejected() ? 1 : 2;
        } catch (IOException | UncheckedIOException e) {
            // Publishing is atomic: a failure before it leaves the previous knowledge base live and whole.
            err.println("kb ingest: 読み書きに失敗しました I/O failure: " + e.getMessage());
            return 3;
        }
        printProblems(report, err);
        out.printf("取り込み完了 ingested: %d 件 cases, 却下 rejected: %d ファイル files, 警告 warnings: %d (端緒の不一致 trigger disagreements: %d)%n",
                report.cases(), report.rejectedFiles(), report.warnings(), report.triggerWarnings());
        out.printf("  %-14s %6s %6s%n", "trigger", "宣言", "推定");
        for (Trigger t : Trigger.values()) {
            out.printf("  %-14s %6d %6d   %s%n", t.slug(), report.declared().getOrDefault(t, 0),
                    report.inferred().getOrDefault(t, 0), t.label());
        }
        if (!report.toReview().isEmpty()) {
            out.printf("要確認 review: 推定の確信度が %d %% 未満の事例 %d 件（分類を確認し、ファイルに trigger: を記載してください）%n",
                    Math.round(Tagging.REVIEW_BELOW * 100), report.toReview().size());
            report.toReview().stream().limit(REVIEW_LISTED).forEach(c -> out.printf("  %-40s %-13s %3d %%%n",
                    c.id(), c.trigger(), Math.round(c.triggerConfidence() * 100)));
            if (report.toReview().size() > REVIEW_LISTED) {
                out.printf("  …ほか %d 件（tools/kb show ID で根拠語を確認できます）%n", report.toReview().size() - REVIEW_LISTED);
            }
        }
        Ingest.Work w = report.work();
        out.printf("  %s: 読み込み %d ファイル, 書き込み %d 件, 削除 %d 件%s → %s%n", w.incremental() ? "差分" : "全体",
                w.filesRead(), w.casesWritten(), w.casesRemoved(),
                w.modelTrained() ? ", 分類モデルを学習" + (w.casesRetagged() > 0 ? "し " + w.casesRetagged() + " 件を再分類" : "") : "",
                report.generation());
        return report.rejectedFiles() > 0 ? 1 : 0;
    }

    /** Shows an ingest's progress on {@code err} (a bar on a terminal, a line every few seconds otherwise). */
    static Progress progress(Ingest.Progress counts, PrintWriter err) {
        return Progress.start(() -> new Progress.Status(counts.step(), counts.done(), counts.total()), err);
    }

    /** Each rejected file and warning on its own line, naming the file and line: for ingest and serve alike. */
    static void printProblems(Ingest.Report report, PrintWriter err) {
        for (Problem p : report.problems()) {
            err.println(p);
        }
    }
}
