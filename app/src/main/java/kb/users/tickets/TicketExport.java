package kb.users.tickets;

import java.util.List;
import kb.markdown.SafeMarkdown;

/**
 * A ticket's lessons as text to paste into a change tracker: Markdown, or plain text for trackers without it. In
 * Markdown, what users typed is escaped (it shows as typed, never as markup) and lesson text from case files keeps
 * its Markdown but no raw HTML and no link other than http, https or mailto ({@link SafeMarkdown}).
 */
public final class TicketExport {
    private static final String REMOVED = "（事例集から削除済み removed from casebook）";

    private TicketExport() {}

    public static String markdown(Ticket t) {
        StringBuilder md = new StringBuilder();
        md.append("## 過去障害事例からの教訓 — ").append(t.key()).append(' ').append(SafeMarkdown.escape(t.title())).append("\n\n");
        md.append("対象システム: ").append(SafeMarkdown.escape(t.system())).append("  \n");
        md.append("状態: ").append(t.status().slug());
        if (t.trackerUrl() != null) {
            md.append("  \nチケット: <").append(t.trackerUrl()).append('>');
        }
        md.append("\n\n");
        if (t.attachments().isEmpty()) {
            md.append("（教訓は添付されていません）\n");
        }
        for (Attachment a : t.attachments()) {
            md.append("- **").append(SafeMarkdown.sanitize(a.lessonText())).append("**  \n");
            md.append("  事例: ").append(SafeMarkdown.escape(a.caseTitle())).append(" (`").append(a.lessonId()).append("`)")
                    .append(a.removedFromCasebook() ? " " + REMOVED : "").append('\n');
            if (!a.note().isEmpty()) {
                md.append("  \n  メモ: ").append(indent(SafeMarkdown.escape(a.note()), "  ")).append('\n');
            }
        }
        return md.toString();
    }

    public static String plainText(Ticket t) {
        StringBuilder text = new StringBuilder();
        text.append("過去障害事例からの教訓 — ").append(t.key()).append(' ').append(t.title()).append('\n');
        text.append("対象システム: ").append(t.system()).append(" / 状態: ").append(t.status().slug()).append('\n');
        if (t.trackerUrl() != null) {
            text.append("チケット: ").append(t.trackerUrl()).append('\n');
        }
        if (t.attachments().isEmpty()) {
            text.append("\n（教訓は添付されていません）\n");
        }
        int n = 0;
        for (Attachment a : t.attachments()) {
            text.append('\n').append(++n).append(". ").append(a.lessonText().strip()).append('\n');
            text.append("   事例: ").append(a.caseTitle()).append(" (").append(a.lessonId()).append(')')
                    .append(a.removedFromCasebook() ? " " + REMOVED : "").append('\n');
            if (!a.note().isEmpty()) {
                text.append("   メモ: ").append(indent(a.note(), "   ")).append('\n');
            }
        }
        return text.toString();
    }

    /** Continuation lines of a multi-line note, indented to stay inside their list item. */
    private static String indent(String text, String prefix) {
        return String.join("\n" + prefix, List.of(text.strip().split("\\R")));
    }
}
