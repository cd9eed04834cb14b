package kb.users.curricula;

import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Source;
import kb.store.KnowledgeBase;

/**
 * A curriculum as one Markdown handout for the trainer: objectives, then per module the trainer's note (as a
 * quote), its cases (summary, cause, lessons, sources) and questions.
 */
public final class CurriculumExport {
    private CurriculumExport() {}

    public static String markdown(Curriculum cur, KnowledgeBase kb) {
        StringBuilder md = new StringBuilder("# ").append(cur.title()).append("\n\n");
        if (!cur.audience().isEmpty()) {
            md.append("対象: ").append(cur.audience()).append("\n\n");
        }
        if (!cur.objectives().isEmpty()) {
            md.append("## 学習目標\n\n");
            cur.objectives().forEach(o -> md.append("- ").append(o).append('\n'));
            md.append('\n');
        }
        int m = 0;
        for (Module module : cur.modules()) {
            md.append("## ").append(++m).append(". ").append(module.title()).append("\n\n");
            if (!module.note().isEmpty()) {
                md.append("> 講師メモ: ").append(module.note().strip().replace("\n", "\n> ")).append("\n\n");
            }
            for (String caseId : module.caseIds()) {
                appendCase(md, caseId, kb);
            }
            if (!module.questions().isEmpty()) {
                md.append("### 討議のための問い\n\n");
                int q = 0;
                for (String question : module.questions()) {
                    md.append(++q).append(". ").append(question).append('\n');
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static void appendCase(StringBuilder md, String caseId, KnowledgeBase kb) {
        CaseRecord c = kb.find(caseId).orElse(null);
        if (c == null) {
            md.append("### ").append(caseId).append("（事例集から削除済み）\n\n");
            return;
        }
        md.append("### ").append(c.title()).append("\n\n");
        md.append(c.date()).append(" · ").append(c.industry()).append(" · `").append(c.id()).append("`\n\n");
        section(md, "概要", c);
        section(md, "原因", c);
        if (!c.lessons().isEmpty()) {
            md.append("**教訓**\n\n");
            for (Lesson l : c.lessons()) {
                md.append("- ").append(l.text().strip()).append('\n');
            }
            md.append('\n');
        }
        if (!c.sources().isEmpty()) {
            md.append("**出典**\n\n");
            for (Source s : c.sources()) {
                md.append("- ").append(s.publisher()).append("「").append(s.title()).append("」")
                        .append(s.date() == null ? "" : "（" + s.date() + "）")
                        .append(s.url() == null ? "" : " <" + s.url() + ">").append('\n');
            }
            md.append('\n');
        }
    }

    private static void section(StringBuilder md, String name, CaseRecord c) {
        String text = c.sections().get(name);
        if (text != null && !text.isBlank()) {
            md.append("**").append(name).append("**\n\n").append(text.strip()).append("\n\n");
        }
    }
}
