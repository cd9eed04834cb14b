package kb.users.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kb.model.CaseRecord;
import kb.users.AuditLog;
import kb.users.Fixture;
import kb.users.UsersException.ForbiddenException;
import kb.users.UsersException.NotFoundException;
import kb.users.UsersException.UnauthorizedException;
import kb.users.UsersException.ValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketServiceTest {
    private static final String L1 = "2021-02-batch-capacity#L1";
    private static final String L2 = "2021-02-batch-capacity#L2";
    private static final String OTHER = "2019-04-atm-spec#L1";
    private static final TicketDraft DRAFT = new TicketDraft("勘定系 定期預金バッチの移行", "勘定系", "https://tracker.example/CHG-2024-0153");

    @TempDir
    Path dir;
    Fixture fx;
    TicketService tickets;

    @BeforeEach
    void open() throws Exception {
        fx = Fixture.createWithCopy(dir);
        tickets = new TicketService(fx.db, fx.access, fx.live(), fx.clock);
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    @Test
    void createsGetsUpdatesClosesAndListsTickets() {
        Ticket created = tickets.create(Fixture.REVIEWER, "CHG-2024-0153", DRAFT);
        assertEquals("CHG-2024-0153", created.key());
        assertEquals(TicketStatus.OPEN, created.status());
        assertEquals("rei", created.createdBy());
        assertEquals(created, tickets.get(null, "CHG-2024-0153"));

        Ticket updated = tickets.update(Fixture.REVIEWER, "CHG-2024-0153", new TicketDraft(" 新しい題 ", "情報系", ""));
        assertEquals("新しい題", updated.title());
        assertEquals("情報系", updated.system());
        assertNull(updated.trackerUrl());
        assertEquals(TicketStatus.CLOSED, tickets.setStatus(Fixture.REVIEWER, "CHG-2024-0153", TicketStatus.CLOSED).status());

        tickets.create(Fixture.ADMIN, "OPS-7", DRAFT);
        assertEquals(List.of("OPS-7", "CHG-2024-0153"), tickets.list(null).stream().map(Ticket::key).toList());
        assertThrows(NotFoundException.class, () -> tickets.get(null, "CHG-1"));
    }

    @Test
    void attachesLessonsWithASnapshotAndDetachesThem() {
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        Ticket t = tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "件数上限の確認をチェックリストに追加");
        tickets.attach(Fixture.REVIEWER, "CHG-1", OTHER, null);
        t = tickets.get(null, "CHG-1");
        assertEquals(List.of(L1, OTHER), t.attachments().stream().map(Attachment::lessonId).toList());
        Attachment a = t.attachments().get(0);
        CaseRecord source = fx.kb().find("2021-02-batch-capacity").orElseThrow();
        assertEquals(source.title(), a.caseTitle());
        assertEquals(fx.kb().lesson(L1).orElseThrow().text(), a.lessonText());
        assertEquals("件数上限の確認をチェックリストに追加", a.note());
        assertEquals("", t.attachments().get(1).note());
        assertFalse(a.removedFromCasebook());

        Ticket after = tickets.detach(Fixture.REVIEWER, "CHG-1", L1);
        assertEquals(List.of(OTHER), after.attachments().stream().map(Attachment::lessonId).toList());
        assertThrows(NotFoundException.class, () -> tickets.detach(Fixture.REVIEWER, "CHG-1", L1));
    }

    @Test
    void listsTheTicketsCitingACase() {
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        tickets.create(Fixture.REVIEWER, "CHG-2", DRAFT);
        tickets.attach(Fixture.REVIEWER, "CHG-2", L2, "");
        tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "");
        tickets.attach(Fixture.REVIEWER, "CHG-1", OTHER, "");
        assertEquals(List.of(new Citation("CHG-1", DRAFT.title(), TicketStatus.OPEN, L1),
                        new Citation("CHG-2", DRAFT.title(), TicketStatus.OPEN, L2)),
                tickets.citing(null, "2021-02-batch-capacity"));
        assertEquals(List.of(), tickets.citing(null, "2025-01-bank-ddos"));
    }

    @Test
    void theSnapshotOutlivesTheCaseAndIsMarkedRemoved() throws Exception {
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "note");
        tickets.attach(Fixture.REVIEWER, "CHG-1", OTHER, "");
        String title = fx.kb().find("2021-02-batch-capacity").orElseThrow().title();
        String text = fx.kb().lesson(L1).orElseThrow().text();

        Files.delete(fx.corpusCopy().resolve("a/2021-02-batch-capacity.md"));
        fx.reingest(fx.corpusCopy());
        assertTrue(fx.kb().find("2021-02-batch-capacity").isEmpty());

        Ticket t = tickets.get(null, "CHG-1");
        Attachment gone = t.attachments().get(0);
        assertEquals(L1, gone.lessonId());
        assertEquals(title, gone.caseTitle());
        assertEquals(text, gone.lessonText());
        assertTrue(gone.removedFromCasebook());
        assertFalse(t.attachments().get(1).removedFromCasebook());
        assertTrue(TicketExport.markdown(t, links()).contains("事例集から削除済み"));
        assertFalse(TicketExport.markdown(t, links()).contains("https://kb.example/cases/2021-02-batch-capacity"), "no link to a page that is gone");
        assertEquals(1, tickets.citing(null, "2021-02-batch-capacity").size());
        // A lesson that is gone cannot be attached anew.
        tickets.create(Fixture.REVIEWER, "CHG-2", DRAFT);
        assertEquals("lessonId", field(() -> tickets.attach(Fixture.REVIEWER, "CHG-2", L1, "")));
    }

    @Test
    void exportsMarkdownJiraAndPlainTextWithAbsoluteLinksAndSources() {
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "一行目\n二行目");
        tickets.attach(Fixture.REVIEWER, "CHG-1", OTHER, "");
        Ticket t = tickets.get(null, "CHG-1");
        String lesson = fx.kb().lesson(L1).orElseThrow().text();
        String title = fx.kb().find("2021-02-batch-capacity").orElseThrow().title();

        String md = TicketExport.markdown(t, links());
        assertTrue(md.startsWith("## 過去障害事例からの教訓 — CHG-1 " + DRAFT.title() + "\n"), md);
        assertTrue(md.contains("1. **" + lesson + "**\n"), md);
        assertTrue(md.contains("   - 事例: [" + title + "](https://kb.example/cases/" + L1 + ")（教訓 1）"), md);
        assertTrue(md.contains("   - 出典: テスト用の架空の出典「架空の報告書」（2025-01）"), md);
        assertTrue(md.contains("- 変更管理: <https://tracker.example/CHG-2024-0153>"), md);
        assertTrue(md.contains("- 状態: 対応中") && !md.contains("open"), md);
        assertTrue(md.contains("メモ: 一行目\n     二行目"), md);

        String jira = TicketExport.jira(t, links());
        assertTrue(jira.startsWith("h2. 過去障害事例からの教訓 — CHG-1 "), jira);
        assertTrue(jira.contains("# *" + lesson + "*\n"), jira);
        assertTrue(jira.contains("#* 事例: [" + title + "|https://kb.example/cases/" + L1 + "]"), jira);
        assertTrue(jira.contains("#* メモ: 一行目 \\\\ 二行目"), jira);
        assertEquals(2, jira.lines().filter(l -> l.startsWith("#* 事例: [")).count(), jira);

        String text = TicketExport.plainText(t, links());
        assertTrue(text.contains("1. " + lesson + "\n"), text);
        assertTrue(text.contains("https://kb.example/cases/" + L1), text);
        assertTrue(text.contains("メモ: 一行目\n         二行目"), text);
        assertFalse(text.contains("**") || text.contains("`") || text.contains("]("), text);
    }

    @Test
    void exportsEscapeMarkupInTheUsersText() {
        tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("[罠](javascript:alert(1)) *太字*", "{code}|x", null));
        tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "[link](http://evil.example)");
        Ticket t = tickets.get(null, "CHG-1");
        String md = TicketExport.markdown(t, links());
        assertTrue(md.contains("\\[罠\\](javascript:alert(1)) \\*太字\\*") && md.contains("メモ: \\[link\\](http://evil.example)"), md);
        String jira = TicketExport.jira(t, links());
        assertTrue(jira.contains("\\{code\\}\\|x") && jira.contains("\\[link\\]"), jira);
    }

    @Test
    void severalLessonsAreAttachedInOneGoOrNotAtAll() {
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        tickets.attach(Fixture.REVIEWER, "CHG-1", OTHER, "");
        Ticket before = tickets.get(null, "CHG-1");
        // The third is already attached: none of the three is.
        ValidationException e = assertThrows(ValidationException.class, () -> tickets.attachAll(Fixture.REVIEWER, "CHG-1",
                List.of(new LessonNote(L1, "a"), new LessonNote(L2, "b"), new LessonNote(OTHER, "c")), null));
        assertEquals("lessons[2].lessonId", e.field());
        assertTrue(e.getMessage().startsWith("教訓「") && e.getMessage().endsWith("すでに CHG-1 に添付されています。"), e.getMessage());
        assertEquals(before, tickets.get(null, "CHG-1"));
        assertEquals("lessons[1].lessonId", field(() -> tickets.attachAll(Fixture.REVIEWER, "CHG-1",
                List.of(new LessonNote(L1, ""), new LessonNote(L1, "")), null)));
        assertEquals("lessons[1].note", field(() -> tickets.attachAll(Fixture.REVIEWER, "CHG-1",
                List.of(new LessonNote(L1, ""), new LessonNote(L2, "あ".repeat(2001))), null)));
        assertEquals("lessons", field(() -> tickets.attachAll(Fixture.REVIEWER, "CHG-1", List.of(), null)));
        assertEquals("check", field(() -> tickets.attachAll(Fixture.REVIEWER, "CHG-1", List.of(new LessonNote(L1, "")), 42L)));
        assertEquals(before, tickets.get(null, "CHG-1"));

        Ticket t = tickets.attachAll(Fixture.REVIEWER, "chg-1", List.of(new LessonNote(L1, "一つ目"), new LessonNote(L2, null)), null);
        assertEquals(List.of(OTHER, L1, L2), t.attachments().stream().map(Attachment::lessonId).toList());
        assertEquals("一つ目", t.attachments().get(1).note());
        assertEquals("", t.attachments().get(2).note());
    }

    @Test
    void lessonsChosenFromASavedCheckKeepItsText() {
        kb.users.check.CheckService checks = new kb.users.check.CheckService(fx.db, fx.access, fx.live(), fx.clock);
        var saved = checks.save(Fixture.REVIEWER, "定期預金の大量データ移行を月末に行う", 5);
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        Ticket t = tickets.attachAll(Fixture.REVIEWER, "CHG-1", List.of(new LessonNote(L1, ""), new LessonNote(L2, "")), saved.id());
        assertEquals(List.of(saved), t.checks());
        assertEquals(saved.id(), t.attachments().get(0).checkId());
        assertTrue(TicketExport.markdown(t, links()).contains("- 変更前チェック: [チェック " + saved.id() + "](https://kb.example/checks/" + saved.id() + ")"));
    }

    private TicketExport.Links links() {
        return new TicketExport.Links(id -> "https://kb.example/cases/" + id, id -> "https://kb.example/checks/" + id,
                id -> fx.kb().find(id).map(CaseRecord::sources).orElse(List.of()));
    }

    @Test
    void writesNeedTheReviewerRoleAndReadsMayNeedLogin() {
        assertThrows(UnauthorizedException.class, () -> tickets.create(null, "CHG-1", DRAFT));
        assertThrows(ForbiddenException.class, () -> tickets.create(Fixture.TRAINER, "CHG-1", DRAFT));
        assertThrows(ForbiddenException.class, () -> tickets.create(Fixture.READER, "CHG-1", DRAFT));
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        assertThrows(ForbiddenException.class, () -> tickets.attach(Fixture.TRAINER, "CHG-1", L1, ""));
        assertThrows(UnauthorizedException.class, () -> tickets.detach(null, "CHG-1", L1));
        assertThrows(ForbiddenException.class, () -> tickets.setStatus(Fixture.READER, "CHG-1", TicketStatus.CLOSED));
        assertThrows(ForbiddenException.class, () -> tickets.update(Fixture.TRAINER, "CHG-1", DRAFT));

        fx.access.setLoginRequiredForReading(Fixture.ADMIN, true);
        assertThrows(UnauthorizedException.class, () -> tickets.get(null, "CHG-1"));
        assertThrows(UnauthorizedException.class, () -> tickets.list(null));
        assertThrows(UnauthorizedException.class, () -> tickets.citing(null, "2021-02-batch-capacity"));
        assertEquals("CHG-1", tickets.get(Fixture.READER, "CHG-1").key());
    }

    @Test
    void refusesBadInputNamingTheField() {
        for (String bad : new String[] {"C-1", "CHG_1", "CHG-", "1CHG-1", "ABCDEFGHIJKLMNOPQ-1", "CHG-" + "1".repeat(33), "", " "}) {
            assertEquals("key", field(() -> tickets.create(Fixture.REVIEWER, bad, DRAFT)), bad);
        }
        ValidationException badKey = assertThrows(ValidationException.class, () -> tickets.create(Fixture.REVIEWER, "chg_1", DRAFT));
        assertTrue(badKey.getMessage().startsWith("キー: 「chg_1」はキーの形式ではありません。"), badKey.getMessage());
        assertEquals("title", field(() -> tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft(" ", "x", null))));
        assertEquals("title", field(() -> tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("題".repeat(201), "x", null))));
        assertEquals("system", field(() -> tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("t", null, null))));
        for (String url : new String[] {"javascript:alert(1)", "ftp://x.example/a", "file:///etc/passwd", "https://", "not a url"}) {
            assertEquals("trackerUrl", field(() -> tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("t", "s", url))), url);
        }
        tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("t", "s", "http://tracker.local/1"));
        ValidationException dup = assertThrows(ValidationException.class, () -> tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT));
        assertEquals("key", dup.field());
        assertEquals("キー: チケット CHG-1 はすでにあります。", dup.getMessage());
        // A key typed in lower case is the same ticket.
        assertEquals("key", field(() -> tickets.create(Fixture.REVIEWER, " chg-1 ", DRAFT)));
        assertEquals("CHG-1", tickets.get(null, "chg-1").key());
        assertEquals("件名: 入力してください。", assertThrows(ValidationException.class,
                () -> tickets.create(Fixture.REVIEWER, "CHG-2", new TicketDraft(" ", "x", null))).getMessage());

        assertEquals("lessonId", field(() -> tickets.attach(Fixture.REVIEWER, "CHG-1", "2021-02-batch-capacity#L9", "")));
        assertEquals("lessonId", field(() -> tickets.attach(Fixture.REVIEWER, "CHG-1", "no-such-case#L1", "")));
        assertEquals("lessonId", field(() -> tickets.attach(Fixture.REVIEWER, "CHG-1", null, "")));
        assertEquals("note", field(() -> tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "あ".repeat(2001))));
        tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "あ".repeat(2000));
        assertEquals("lessonId", field(() -> tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "again")));
        assertThrows(NotFoundException.class, () -> tickets.attach(Fixture.REVIEWER, "CHG-9", L1, ""));
        assertEquals("status", field(() -> tickets.setStatus(Fixture.REVIEWER, "CHG-1", null)));
    }

    @Test
    void aRefusedWriteLeavesNoTraceAndEveryWriteIsAudited() {
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "");
        Ticket before = tickets.get(null, "CHG-1");
        AuditLog audit = new AuditLog(fx.db);
        int entries = audit.list(Fixture.ADMIN, 0, 200).size();

        assertThrows(ValidationException.class, () -> tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "dup"));
        assertThrows(ValidationException.class, () -> tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT));
        assertThrows(NotFoundException.class, () -> tickets.detach(Fixture.REVIEWER, "CHG-1", OTHER));
        assertEquals(before, tickets.get(null, "CHG-1"));
        assertEquals(entries, audit.list(Fixture.ADMIN, 0, 200).size());

        tickets.detach(Fixture.ADMIN, "CHG-1", L1);
        tickets.setStatus(Fixture.REVIEWER, "CHG-1", TicketStatus.CLOSED);
        assertEquals(List.of("rei ticket.status CHG-1 closed", "ada ticket.detach CHG-1 " + L1,
                        "rei ticket.attach CHG-1 " + L1, "rei ticket.create CHG-1 " + DRAFT.title()),
                audit.list(Fixture.ADMIN, 0, 10).stream()
                        .map(e -> e.actor() + " " + e.action() + " " + e.target() + " " + e.detail()).toList());
    }

    private static String field(Runnable action) {
        return assertThrows(ValidationException.class, action::run).field();
    }

}
