package kb.users.tickets;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.store.KnowledgeBase;
import kb.users.Access;
import kb.users.AuditLog;
import kb.users.Fields;
import kb.users.Listing;
import kb.users.Role;
import kb.users.Timestamps;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.UsersException.NotFoundException;
import kb.users.UsersException.ValidationException;
import kb.users.check.SavedCheck;

/** Change tickets and the casebook lessons reviewers attach to them. Writes need the reviewer role. */
public final class TicketService {
    /** A project code, a hyphen, then a number or code: CHG-2024-0153, OPS-17, RFC2-A1. */
    public static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9]{1,15}-[0-9A-Z-]{1,32}");
    public static final int MAX_TITLE = 200;
    public static final int MAX_SYSTEM = 100;
    public static final int MAX_URL = 2000;
    public static final int MAX_NOTE = 2000;
    /** Lessons attached in one go: more than a check or a page of results offers. */
    public static final int MAX_BATCH = 200;
    private static final String TRACKER_URL = "変更管理ツールの URL";

    private final UsersDatabase db;
    private final Access access;
    private final Supplier<KnowledgeBase> knowledgeBase;
    private final Clock clock;

    /** {@code knowledgeBase} answers the live one at each call: an ingest may replace it while the server runs. */
    public TicketService(UsersDatabase db, Access access, Supplier<KnowledgeBase> knowledgeBase, Clock clock) {
        this.db = db;
        this.access = access;
        this.knowledgeBase = knowledgeBase;
        this.clock = clock;
    }

    /** {@code key} is upper-cased first: {@code chg-2026-0042} is {@code CHG-2026-0042}. */
    public Ticket create(User actor, String key, TicketDraft draft) {
        Access.require(actor, Role.REVIEWER, "チケットの作成");
        checkKey(key);
        String k = normalized(key);
        TicketDraft d = checked(draft);
        Instant now = clock.instant();
        return db.write(c -> {
            if (ticketId(c, k) != null) {
                throw new ValidationException("key", "キー", "チケット " + k + " はすでにあります。");
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO tickets (key, title, system, tracker_url, "
                    + "status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, k);
                st.setString(2, d.title());
                st.setString(3, d.system());
                st.setString(4, d.trackerUrl());
                st.setString(5, TicketStatus.OPEN.slug());
                st.setString(6, actor.name());
                st.setString(7, Timestamps.format(now));
                st.setString(8, Timestamps.format(now));
                st.executeUpdate();
            }
            AuditLog.record(c, actor, "ticket.create", k, d.title());
            return load(c, k);
        });
    }

    /** Replaces the title, system and tracker URL. */
    public Ticket update(User actor, String ticketKey, TicketDraft draft) {
        Access.require(actor, Role.REVIEWER, "チケットの編集");
        String key = normalized(ticketKey);
        TicketDraft d = checked(draft);
        return db.write(c -> {
            existingId(c, key);
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE tickets SET title = ?, system = ?, tracker_url = ?, updated_at = ? WHERE key = ?")) {
                st.setString(1, d.title());
                st.setString(2, d.system());
                st.setString(3, d.trackerUrl());
                st.setString(4, Timestamps.format(clock.instant()));
                st.setString(5, key);
                st.executeUpdate();
            }
            AuditLog.record(c, actor, "ticket.update", key, d.title());
            return load(c, key);
        });
    }

    public Ticket setStatus(User actor, String ticketKey, TicketStatus status) {
        Access.require(actor, Role.REVIEWER, "チケットの状態の変更");
        String key = normalized(ticketKey);
        if (status == null) {
            throw new ValidationException("status", "状態", "対応中（open）か完了（closed）を指定してください。");
        }
        return db.write(c -> {
            existingId(c, key);
            try (PreparedStatement st = c.prepareStatement("UPDATE tickets SET status = ?, updated_at = ? WHERE key = ?")) {
                st.setString(1, status.slug());
                st.setString(2, Timestamps.format(clock.instant()));
                st.setString(3, key);
                st.executeUpdate();
            }
            AuditLog.record(c, actor, "ticket.status", key, status.slug());
            return load(c, key);
        });
    }

    public Ticket get(User actor, String ticketKey) {
        access.requireRead(actor);
        String key = normalized(ticketKey);
        return db.read(c -> {
            existingId(c, key);
            return load(c, key);
        });
    }

    /** Every ticket, most recently updated first. */
    public List<Ticket> list(User actor) {
        access.requireRead(actor);
        return db.read(c -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT key FROM tickets ORDER BY updated_at DESC, id DESC");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            List<Ticket> tickets = new ArrayList<>();
            for (String key : keys) {
                tickets.add(load(c, key));
            }
            return tickets;
        });
    }

    /** One page of the tickets, most recently updated first: {@code limit} (1–{@value Listing#MAX_LIMIT}) from {@code offset}. */
    public Listing<Ticket> list(User actor, int offset, int limit) {
        access.requireRead(actor);
        Fields.range("offset", "開始位置", offset, 0, Integer.MAX_VALUE);
        Fields.range("limit", "件数", limit, 1, Listing.MAX_LIMIT);
        return db.read(c -> {
            long total;
            try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM tickets"); ResultSet rs = st.executeQuery()) {
                total = rs.getLong(1);
            }
            List<String> keys = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT key FROM tickets ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?")) {
                st.setInt(1, limit);
                st.setInt(2, offset);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
            }
            List<Ticket> tickets = new ArrayList<>();
            for (String key : keys) {
                tickets.add(load(c, key));
            }
            return new Listing<>(total, offset, tickets);
        });
    }

    /** Attaches one lesson: {@link #attachAll} with one. */
    public Ticket attach(User actor, String key, String lessonId, String note) {
        return attachAll(actor, key, List.of(new LessonNote(lessonId, note)), null);
    }

    /**
     * Attaches lessons of the live casebook, each with its note, all or none: one unknown lesson, one
     * already attached, one note too long refuses them all. Each keeps a snapshot of its text and its case's
     * title, and {@code checkId} (null for none) the saved pre-change check they were chosen from.
     */
    public Ticket attachAll(User actor, String ticketKey, List<LessonNote> lessons, Long checkId) {
        Access.require(actor, Role.REVIEWER, "教訓の添付");
        String key = normalized(ticketKey);
        List<LessonNote> given = Fields.list("lessons", "教訓", lessons, MAX_BATCH);
        if (given.isEmpty()) {
            throw new ValidationException("lessons", "教訓", "添付する教訓を 1 つ以上選んでください。");
        }
        KnowledgeBase kb = knowledgeBase.get();
        List<Snapshot> snapshots = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            LessonNote ln = given.get(i);
            String field = given.size() == 1 ? "" : "lessons[" + i + "].";
            String lessonId = ln == null || ln.lessonId() == null ? "" : ln.lessonId().strip();
            Lesson lesson = lessonId.isEmpty() ? null : kb.lesson(lessonId).orElse(null);
            if (lesson == null) {
                throw new ValidationException(field + "lessonId", "教訓",
                        lessonId.isEmpty() ? "教訓の ID がありません。" : "「" + lessonId + "」は事例集にありません。");
            }
            String label = "教訓「" + excerpt(lesson.text()) + "」";
            if (!seen.add(lessonId)) {
                throw new ValidationException(field + "lessonId", label, "2 回選ばれています。");
            }
            String note = Fields.optional(field + "note", label + "のメモ", ln.note(), MAX_NOTE);
            snapshots.add(new Snapshot(lesson, kb.find(lesson.caseId()).orElseThrow(), note, label, field));
        }
        return db.write(c -> {
            long ticketId = existingId(c, key);
            if (checkId != null && !exists(c, "checks", checkId)) {
                throw new ValidationException("check", "変更前チェック", "保存されたチェック " + checkId + " はありません。");
            }
            Instant now = clock.instant();
            for (Snapshot s : snapshots) {
                try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM attachments WHERE ticket_id = ? AND lesson_id = ?")) {
                    check.setLong(1, ticketId);
                    check.setString(2, s.lesson().id());
                    try (ResultSet rs = check.executeQuery()) {
                        if (rs.next()) {
                            throw new ValidationException(s.field() + "lessonId", s.label(), "すでに " + key + " に添付されています。");
                        }
                    }
                }
                try (PreparedStatement st = c.prepareStatement("INSERT INTO attachments (ticket_id, lesson_id, case_id, "
                        + "case_title, lesson_text, note, attached_by, attached_at, check_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    st.setLong(1, ticketId);
                    st.setString(2, s.lesson().id());
                    st.setString(3, s.theCase().id());
                    st.setString(4, s.theCase().title());
                    st.setString(5, s.lesson().text());
                    st.setString(6, s.note());
                    st.setString(7, actor.name());
                    st.setString(8, Timestamps.format(now));
                    st.setObject(9, checkId);
                    st.executeUpdate();
                }
                AuditLog.record(c, actor, "ticket.attach", key, s.lesson().id());
            }
            touch(c, key, now);
            return load(c, key);
        });
    }

    /** A lesson to attach, checked, with what a refusal calls it. */
    private record Snapshot(Lesson lesson, CaseRecord theCase, String note, String label, String field) {}

    /** The start of a lesson's text, to name it in a message. */
    private static String excerpt(String text) {
        String t = text.strip();
        return t.codePointCount(0, t.length()) <= 24 ? t : t.substring(0, t.offsetByCodePoints(0, 23)) + "…";
    }

    public Ticket detach(User actor, String ticketKey, String lessonId) {
        Access.require(actor, Role.REVIEWER, "教訓の添付の解除");
        String key = normalized(ticketKey);
        return db.write(c -> {
            long ticketId = existingId(c, key);
            try (PreparedStatement st = c.prepareStatement("DELETE FROM attachments WHERE ticket_id = ? AND lesson_id = ?")) {
                st.setLong(1, ticketId);
                st.setString(2, lessonId);
                if (st.executeUpdate() == 0) {
                    throw new NotFoundException("教訓「" + lessonId + "」は " + key + " に添付されていません。");
                }
            }
            touch(c, key, clock.instant());
            AuditLog.record(c, actor, "ticket.detach", key, lessonId);
            return load(c, key);
        });
    }

    /** The tickets citing any lesson of a case, by ticket key then lesson. */
    public List<Citation> citing(User actor, String caseId) {
        access.requireRead(actor);
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT t.key, t.title, t.status, a.lesson_id FROM attachments a "
                    + "JOIN tickets t ON t.id = a.ticket_id WHERE a.case_id = ? ORDER BY t.key, a.lesson_id")) {
                st.setString(1, caseId);
                List<Citation> citations = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        citations.add(new Citation(rs.getString(1), rs.getString(2),
                                TicketStatus.fromSlug(rs.getString(3)).orElseThrow(), rs.getString(4)));
                    }
                }
                return citations;
            }
        });
    }

    /** Keys are compared as capitals: whatever case a user types, {@code chg-1} is the ticket {@code CHG-1}. */
    static String normalized(String key) {
        return key == null ? "" : key.strip().toUpperCase(Locale.ROOT);
    }

    private static void checkKey(String key) {
        String k = normalized(key);
        if (k.isEmpty()) {
            throw new ValidationException("key", "キー", "入力してください（例: CHG-2024-0153）。");
        }
        if (!KEY.matcher(k).matches()) {
            throw new ValidationException("key", "キー", "「" + key.strip() + "」はキーの形式ではありません。CHG-2024-0153 "
                    + "のように、英字で始まる 2〜16 字の英数字、ハイフン、1〜32 字の英数字またはハイフンで書いてください。");
        }
    }

    private static TicketDraft checked(TicketDraft draft) {
        if (draft == null) {
            throw new ValidationException("title", "件名", "入力してください。");
        }
        String title = Fields.required("title", "件名", draft.title(), MAX_TITLE);
        String system = Fields.required("system", "対象システム", draft.system(), MAX_SYSTEM);
        String url = Fields.optional("trackerUrl", TRACKER_URL, draft.trackerUrl(), MAX_URL);
        if (!url.isEmpty()) {
            checkUrl(url);
        }
        return new TicketDraft(title, system, url.isEmpty() ? null : url);
    }

    /** Only http(s) with a host: the URL becomes a link, and javascript: or file: links must not. */
    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new ValidationException("trackerUrl", TRACKER_URL, "「" + url + "」は http:// か https:// で始まる URL ではありません。");
    }

    private static Long ticketId(Connection c, String key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM tickets WHERE key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static long existingId(Connection c, String key) throws SQLException {
        Long id = ticketId(c, key);
        if (id == null) {
            throw new NotFoundException("チケット " + key + " はありません。");
        }
        return id;
    }

    private static boolean exists(Connection c, String table, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void touch(Connection c, String key, Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE tickets SET updated_at = ? WHERE key = ?")) {
            st.setString(1, Timestamps.format(now));
            st.setString(2, key);
            st.executeUpdate();
        }
    }

    private Ticket load(Connection c, String key) throws SQLException {
        KnowledgeBase kb = knowledgeBase.get();
        try (PreparedStatement st = c.prepareStatement("SELECT id, key, title, system, tracker_url, status, created_by, "
                + "created_at, updated_at FROM tickets WHERE key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                List<Attachment> attachments = attachments(c, rs.getLong(1), kb);
                return new Ticket(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        TicketStatus.fromSlug(rs.getString(6)).orElseThrow(), rs.getString(7),
                        Timestamps.parse(rs.getString(8)), Timestamps.parse(rs.getString(9)), attachments,
                        checks(c, rs.getLong(1)));
            }
        }
    }

    /** The saved checks the ticket's lessons were chosen from, in the order first used. */
    private static List<SavedCheck> checks(Connection c, long ticketId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT k.id FROM checks k JOIN attachments a ON a.check_id = k.id "
                + "WHERE a.ticket_id = ? GROUP BY k.id ORDER BY min(a.rowid)")) {
            st.setLong(1, ticketId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            List<SavedCheck> checks = new ArrayList<>();
            for (long id : ids) {
                checks.add(SavedCheck.load(c, id).orElseThrow());
            }
            return checks;
        }
    }

    private static List<Attachment> attachments(Connection c, long ticketId, KnowledgeBase kb) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT lesson_id, case_id, case_title, lesson_text, note, "
                + "attached_by, attached_at, check_id FROM attachments WHERE ticket_id = ? ORDER BY rowid")) {
            st.setLong(1, ticketId);
            List<Attachment> list = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String lessonId = rs.getString(1);
                    long checkId = rs.getLong(8);
                    list.add(new Attachment(lessonId, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), Timestamps.parse(rs.getString(7)), kb.lesson(lessonId).isEmpty(),
                            rs.wasNull() ? null : checkId));
                }
            }
            return list;
        }
    }
}
