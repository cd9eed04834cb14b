package kb.users.curricula;

import kb.markdown.SafeMarkdown;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Source;
import kb.store.KnowledgeBase;

/**
 * A curriculum as one Markdown handout for the trainer: objectives, then per module the trainer's note (as a
 * quote), its cases (summary, cause, lessons, sources) and questions. What trainers typed is escaped; case text
 * keeps its Markdown without raw HTML or unsafe links ({@link SafeMarkdown}).
 */
public final class CurriculumExport {
    private CurriculumExport() {}

    public static String markdown(Curriculum cur, KnowledgeBase kb) {
        StringBuilder md = new StringBuilder("# ").append(SafeMarkdown.escape(cur.title())).append("\n\n");
        if (!cur.audience().isEmpty()) {
            md.append("対象: ").append(SafeMarkdown.escape(cur.audience())).append("\n\n");
        }
        if (!cur.objectives().isEmpty()) {
            md.append("## 学習目標\n\n");
            cur.objectives().forEach(o -> md.append("- ").append(SafeMarkdown.escape(o)).append('\n'));
            md.append('\n');
        }
        int m = 0;
        for (Module module : cur.modules()) {
            md.append("## ").append(++m).append(". ").append(SafeMarkdown.escape(module.title())).append("\n\n");
            if (!module.note().isEmpty()) {
                md.append("> 講師メモ: ").append(SafeMarkdown.escape(module.note().strip()).replace("\n", "\n> ")).append("\n\n");
            }
            for (String caseId : module.caseIds()) {
                appendCase(md, caseId, kb);
            }
            if (!module.questions().isEmpty()) {
                md.append("### 討議のための問い\n\n");
                int q = 0;
                for (String question : module.questions()) {
                    md.append(++q).append(". ").append(SafeMarkdown.escape(question)).append('\n');
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static void appendCase(StringBuilder md, String caseId, KnowledgeBase kb) {
        CaseRecord c = kb.find(caseId).orElse(null);
        if (c == null) {
            md.append("### ").append(SafeMarkdown.escape(caseId)).append("（事例集から削除済み）\n\n");
            return;
        }
        md.append("### ").append(SafeMarkdown.escape(c.title())).append("\n\n");
        md.append(c.date()).append(" · ").append(SafeMarkdown.escape(c.industry())).append(" · `").append(c.id()).append("`\n\n");
        section(md, "概要", c);
        section(md, "原因", c);
        if (!c.lessons().isEmpty()) {
            md.append("**教訓**\n\n");
            for (Lesson l : c.lessons()) {
                md.append("- ").append(SafeMarkdown.sanitize(l.text())).append('\n');
            }
            md.append('\n');
        }
        if (!c.sources().isEmpty()) {
            md.append("**出典**\n\n");
            for (Source s : c.sources()) {
                md.append("- ").append(SafeMarkdown.escape(s.publisher())).append("「").append(SafeMarkdown.escape(s.title())).append("」")
                        .append(s.date() == null ? "" : "（" + s.date() + "）")
                        .append(s.url() == null ? "" : " <" + s.url() + ">").append('\n');
            }
            md.append('\n');
        }
    }

    private static void section(StringBuilder md, String name, CaseRecord c) {
        String text = c.sections().get(name);
        if (text != null && !text.isBlank()) {
            md.append("**").append(name).append("**\n\n").append(SafeMarkdown.sanitize(text)).append("\n\n");
        }
    }
}
