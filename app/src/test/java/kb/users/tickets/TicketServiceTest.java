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
        assertTrue(TicketExport.markdown(t).contains("removed from casebook"));
        assertEquals(1, tickets.citing(null, "2021-02-batch-capacity").size());
        // A lesson that is gone cannot be attached anew.
        tickets.create(Fixture.REVIEWER, "CHG-2", DRAFT);
        assertEquals("lessonId", field(() -> tickets.attach(Fixture.REVIEWER, "CHG-2", L1, "")));
    }

    @Test
    void exportsMarkdownAndPlainText() {
        tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT);
        tickets.attach(Fixture.REVIEWER, "CHG-1", L1, "一行目\n二行目");
        Ticket t = tickets.get(null, "CHG-1");
        String lesson = fx.kb().lesson(L1).orElseThrow().text();

        String md = TicketExport.markdown(t);
        assertTrue(md.startsWith("## 過去障害事例からの教訓 — CHG-1 " + DRAFT.title() + "\n"), md);
        assertTrue(md.contains("- **" + lesson + "**"), md);
        assertTrue(md.contains("`" + L1 + "`"), md);
        assertTrue(md.contains("<https://tracker.example/CHG-2024-0153>"), md);
        assertTrue(md.contains("メモ: 一行目\n  二行目"), md);

        String text = TicketExport.plainText(t);
        assertTrue(text.contains("1. " + lesson + "\n"), text);
        assertTrue(text.contains("(" + L1 + ")"), text);
        assertTrue(text.contains("メモ: 一行目\n   二行目"), text);
        assertFalse(text.contains("**") || text.contains("`"), text);
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
        for (String bad : new String[] {"chg-1", "C-1", "CHG_1", "CHG-", "CHG-1 ", "ABCDEFGHIJKLMNOPQ-1", "CHG-" + "1".repeat(33), ""}) {
            assertEquals("key", field(() -> tickets.create(Fixture.REVIEWER, bad, DRAFT)), bad);
        }
        assertEquals("title", field(() -> tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft(" ", "x", null))));
        assertEquals("title", field(() -> tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("題".repeat(201), "x", null))));
        assertEquals("system", field(() -> tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("t", null, null))));
        for (String url : new String[] {"javascript:alert(1)", "ftp://x.example/a", "file:///etc/passwd", "https://", "not a url"}) {
            assertEquals("trackerUrl", field(() -> tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("t", "s", url))), url);
        }
        tickets.create(Fixture.REVIEWER, "CHG-1", new TicketDraft("t", "s", "http://tracker.local/1"));
        ValidationException dup = assertThrows(ValidationException.class, () -> tickets.create(Fixture.REVIEWER, "CHG-1", DRAFT));
        assertEquals("key", dup.field());
        assertTrue(dup.getMessage().contains("already exists"), dup.getMessage());

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
