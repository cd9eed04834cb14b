package kb.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Source;
import kb.store.Json;
import kb.store.KnowledgeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one case. Exit 1 for an unknown id.")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    IndexOption index;

    @Option(names = "--json", description = "print the case as one JSON object")
    boolean json;

    @Parameters(paramLabel = "ID", description = "the case id (its file name without .md)")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (KnowledgeBase kb = KnowledgeBase.open(index.directory())) {
            CaseRecord c = kb.find(id).orElse(null);
            if (c == null) {
                spec.commandLine().getErr().println("kb show: no case with id '" + id + "'");
                return 1;
            }
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(c));
            } else {
                print(out, c);
            }
            return 0;
        }
    }

    private static void print(PrintWriter out, CaseRecord c) {
        out.println(c.title());
        out.println("ID: " + c.id() + "  日付: " + c.date() + "  業態: " + c.industry()
                + (c.organization() == null ? "" : "  組織: " + c.organization()));
        out.printf("発生の端緒: %s（%s、%s）%n", c.triggerEnum().label(),
                c.triggerSource().equals("declared") ? "記載どおり" : "推定 確信度 " + Math.round(c.triggerConfidence() * 100) + "%"
                        + (c.needsTriggerReview() ? "・要確認" : ""),
                "根拠語: " + String.join("・", c.triggerEvidence()));
        if (!c.patterns().isEmpty()) {
            out.println("パターン: " + String.join("、", c.patterns()));
        }
        if (!c.systems().isEmpty()) {
            out.println("システム: " + String.join("、", c.systems()));
        }
        c.sections().forEach((name, text) -> {
            if (!name.equals("教訓")) {
                out.println();
                out.println("■ " + name);
                out.println(text);
            }
        });
        if (!c.lessons().isEmpty()) {
            out.println();
            out.println("■ 教訓");
            for (Lesson l : c.lessons()) {
                out.println("- " + (l.theme() == null ? "" : "[" + l.theme() + "] ") + l.text() + "  (" + l.id() + ")");
            }
        }
        if (!c.sources().isEmpty()) {
            out.println();
            out.println("■ 出典");
            for (Source s : c.sources()) {
                out.println("- " + s.publisher() + "「" + s.title() + "」" + (s.date() == null ? "" : " " + s.date())
                        + (s.url() == null ? "" : " " + s.url()));
            }
        }
    }
}
