package kb.users.tickets;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kb.markdown.SafeMarkdown;
import kb.model.Lesson;
import kb.model.Source;
import kb.users.check.SavedCheck;

/**
 * A ticket's lessons as text to paste into a change tracker: Markdown (GitHub, GitLab, Redmine with
 * CommonMark), Jira wiki markup, or plain text. Each lesson links back to its place in the casebook and to
 * its case's public sources, with absolute addresses so the links work from the tracker.
 */
public final class TicketExport {
    private static final String REMOVED = "（事例集から削除済み）";

    /**
     * Where links point. {@code lessonUrl}: a lesson id's absolute address on the casebook; {@code checkUrl}: a
     * saved check's; {@code sources}: the public sources of a case in the live casebook (empty once it left).
     */
    public record Links(Function<String, String> lessonUrl, Function<Long, String> checkUrl,
                        Function<String, List<Source>> sources) {}

    private TicketExport() {}

    public static String markdown(Ticket t, Links links) {
        StringBuilder md = new StringBuilder();
        md.append("## 過去障害事例からの教訓 — ").append(t.key()).append(' ').append(md(t.title())).append("\n\n");
        md.append("- 対象システム: ").append(md(t.system())).append('\n');
        md.append("- 状態: ").append(status(t)).append('\n');
        if (t.trackerUrl() != null) {
            md.append("- 変更管理: <").append(t.trackerUrl()).append(">\n");
        }
        for (SavedCheck c : t.checks()) {
            md.append("- 変更前チェック: [").append(checkLabel(c)).append("](").append(links.checkUrl().apply(c.id())).append(")\n");
        }
        md.append('\n');
        if (t.attachments().isEmpty()) {
            md.append("（教訓は添付されていません）\n");
        }
        int n = 0;
        for (Attachment a : t.attachments()) {
            md.append(++n).append(". **").append(md(a.lessonText().strip())).append("**\n");
            md.append("   - 事例: ");
            if (a.removedFromCasebook()) {
                md.append(md(a.caseTitle())).append(REMOVED);
            } else {
                md.append('[').append(md(a.caseTitle())).append("](").append(links.lessonUrl().apply(a.lessonId())).append(')');
            }
            md.append("（").append(lessonLabel(a)).append("）\n");
            List<Source> sources = a.removedFromCasebook() ? List.of() : links.sources().apply(a.caseId());
            if (!sources.isEmpty()) {
                md.append("   - 出典: ").append(String.join("、", sources.stream().map(s -> s.url() == null ? md(source(s))
                        : "[" + md(source(s)) + "](" + s.url() + ")").toList())).append('\n');
            }
            if (!a.note().isEmpty()) {
                md.append("   - メモ: ").append(indent(md(a.note()), "     ")).append('\n');
            }
        }
        return md.toString();
    }

    /** Jira (and Confluence) wiki markup: {@code h2.}, {@code #} and {@code #*} lists, {@code [text|url]} links. */
    public static String jira(Ticket t, Links links) {
        StringBuilder j = new StringBuilder();
        j.append("h2. 過去障害事例からの教訓 — ").append(t.key()).append(' ').append(jira(t.title())).append("\n\n");
        j.append("* 対象システム: ").append(jira(t.system())).append('\n');
        j.append("* 状態: ").append(status(t)).append('\n');
        if (t.trackerUrl() != null) {
            j.append("* 変更管理: [").append(t.trackerUrl()).append("]\n");
        }
        for (SavedCheck c : t.checks()) {
            j.append("* 変更前チェック: [").append(checkLabel(c)).append('|').append(links.checkUrl().apply(c.id())).append("]\n");
        }
        j.append('\n');
        if (t.attachments().isEmpty()) {
            j.append("（教訓は添付されていません）\n");
        }
        for (Attachment a : t.attachments()) {
            j.append("# *").append(jira(a.lessonText().strip())).append("*\n");
            j.append("#* 事例: ");
            if (a.removedFromCasebook()) {
                j.append(jira(a.caseTitle())).append(REMOVED);
            } else {
                j.append('[').append(jira(a.caseTitle())).append('|').append(links.lessonUrl().apply(a.lessonId())).append(']');
            }
            j.append("（").append(lessonLabel(a)).append("）\n");
            List<Source> sources = a.removedFromCasebook() ? List.of() : links.sources().apply(a.caseId());
            if (!sources.isEmpty()) {
                j.append("#* 出典: ").append(String.join("、", sources.stream().map(s -> s.url() == null ? jira(source(s))
                        : "[" + jira(source(s)) + "|" + s.url() + "]").toList())).append('\n');
            }
            if (!a.note().isEmpty()) {
                // A new line would end the list item: Jira's forced line break keeps a multi-line note inside it.
                j.append("#* メモ: ").append(String.join(" \\\\ ", List.of(jira(a.note().strip()).split("\\R")))).append('\n');
            }
        }
        return j.toString();
    }

    public static String plainText(Ticket t, Links links) {
        StringBuilder text = new StringBuilder();
        text.append("過去障害事例からの教訓 — ").append(t.key()).append(' ').append(t.title()).append('\n');
        text.append("対象システム: ").append(t.system()).append(" / 状態: ").append(status(t)).append('\n');
        if (t.trackerUrl() != null) {
            text.append("変更管理: ").append(t.trackerUrl()).append('\n');
        }
        for (SavedCheck c : t.checks()) {
            text.append("変更前チェック: ").append(links.checkUrl().apply(c.id())).append('\n');
        }
        if (t.attachments().isEmpty()) {
            text.append("\n（教訓は添付されていません）\n");
        }
        int n = 0;
        for (Attachment a : t.attachments()) {
            text.append('\n').append(++n).append(". ").append(a.lessonText().strip()).append('\n');
            text.append("   事例: ").append(a.caseTitle()).append("（").append(lessonLabel(a)).append("）");
            text.append(a.removedFromCasebook() ? REMOVED + "\n" : "\n         " + links.lessonUrl().apply(a.lessonId()) + "\n");
            List<Source> sources = a.removedFromCasebook() ? List.of() : links.sources().apply(a.caseId());
            for (Source s : sources) {
                text.append("   出典: ").append(source(s)).append(s.url() == null ? "" : " " + s.url()).append('\n');
            }
            if (!a.note().isEmpty()) {
                text.append("   メモ: ").append(indent(a.note(), "         ")).append('\n');
            }
        }
        return text.toString();
    }

    private static String status(Ticket t) { return t.status() == TicketStatus.OPEN ? "対応中" : "完了"; }

    private static String checkLabel(SavedCheck c) { return "チェック " + c.id(); }

    private static String lessonLabel(Attachment a) { return Lesson.label(a.lessonId()); }

    private static String source(Source s) {
        return s.publisher() + "「" + s.title() + "」" + (s.date() == null ? "" : "（" + s.date() + "）");
    }

    /** Continuation lines of a multi-line note, indented to stay inside their list item. */
    private static String indent(String text, String prefix) {
        return String.join("\n" + prefix, List.of(text.strip().split("\\R")));
    }

    private static final Pattern JIRA_SPECIAL = Pattern.compile("[\\\\\\[\\]{}|*_^~+?-]");

    /** The users' and the cases' text shown as written: nothing in it becomes Markdown, HTML or a link. */
    private static String md(String text) { return SafeMarkdown.escape(text); }

    /** Jira wiki markup's own escaping (the Markdown one does not apply there). */
    private static String jira(String text) { return JIRA_SPECIAL.matcher(text).replaceAll(m -> "\\\\" + Matcher.quoteReplacement(m.group())); }
}
