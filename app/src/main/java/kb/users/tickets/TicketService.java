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
import java.util.List;
import java.util.Locale;
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

/** Change tickets and the casebook lessons reviewers attach to them. Writes need the reviewer role. */
public final class TicketService {
    /** A project code, a hyphen, then a number or code: CHG-2024-0153, OPS-17, RFC2-A1. */
    public static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9]{1,15}-[0-9A-Z-]{1,32}");
    public static final int MAX_TITLE = 200;
    public static final int MAX_SYSTEM = 100;
    public static final int MAX_URL = 2000;
    public static final int MAX_NOTE = 2000;

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

    public Ticket create(User actor, String key, TicketDraft draft) {
        Access.require(actor, Role.REVIEWER, "create tickets");
        checkKey(key);
        TicketDraft d = checked(draft);
        Instant now = clock.instant();
        return db.write(c -> {
            if (ticketId(c, key) != null) {
                throw new ValidationException("key", "a ticket " + key + " already exists");
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO tickets (key, title, system, tracker_url, "
                    + "status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, key);
                st.setString(2, d.title());
                st.setString(3, d.system());
                st.setString(4, d.trackerUrl());
                st.setString(5, TicketStatus.OPEN.slug());
                st.setString(6, actor.name());
                st.setString(7, Timestamps.format(now));
                st.setString(8, Timestamps.format(now));
                st.executeUpdate();
            }
            AuditLog.record(c, actor, "ticket.create", key, d.title());
            return load(c, key);
        });
    }

    /** Replaces the title, system and tracker URL. */
    public Ticket update(User actor, String key, TicketDraft draft) {
        Access.require(actor, Role.REVIEWER, "edit tickets");
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

    public Ticket setStatus(User actor, String key, TicketStatus status) {
        Access.require(actor, Role.REVIEWER, "open or close tickets");
        if (status == null) {
            throw new ValidationException("status", "is required: open or closed");
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

    public Ticket get(User actor, String key) {
        access.requireRead(actor);
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
        Fields.range("offset", offset, 0, Integer.MAX_VALUE);
        Fields.range("limit", limit, 1, Listing.MAX_LIMIT);
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

    /**
     * Attaches a lesson of the live casebook, keeping a snapshot of its text and its case's title.
     * Refuses an unknown lesson and one already attached to the ticket.
     */
    public Ticket attach(User actor, String key, String lessonId, String note) {
        Access.require(actor, Role.REVIEWER, "attach lessons");
        String n = Fields.optional("note", note, MAX_NOTE);
        KnowledgeBase kb = knowledgeBase.get();
        Lesson lesson = lessonId == null ? null : kb.lesson(lessonId).orElse(null);
        if (lesson == null) {
            throw new ValidationException("lessonId", "no lesson '" + lessonId + "' in the casebook");
        }
        CaseRecord theCase = kb.find(lesson.caseId()).orElseThrow();
        return db.write(c -> {
            long ticketId = existingId(c, key);
            try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM attachments WHERE ticket_id = ? AND lesson_id = ?")) {
                check.setLong(1, ticketId);
                check.setString(2, lessonId);
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        throw new ValidationException("lessonId", lessonId + " is already attached to " + key);
                    }
                }
            }
            Instant now = clock.instant();
            try (PreparedStatement st = c.prepareStatement("INSERT INTO attachments (ticket_id, lesson_id, case_id, "
                    + "case_title, lesson_text, note, attached_by, attached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setLong(1, ticketId);
                st.setString(2, lessonId);
                st.setString(3, theCase.id());
                st.setString(4, theCase.title());
                st.setString(5, lesson.text());
                st.setString(6, n);
                st.setString(7, actor.name());
                st.setString(8, Timestamps.format(now));
                st.executeUpdate();
            }
            touch(c, key, now);
            AuditLog.record(c, actor, "ticket.attach", key, lessonId);
            return load(c, key);
        });
    }

    public Ticket detach(User actor, String key, String lessonId) {
        Access.require(actor, Role.REVIEWER, "detach lessons");
        return db.write(c -> {
            long ticketId = existingId(c, key);
            try (PreparedStatement st = c.prepareStatement("DELETE FROM attachments WHERE ticket_id = ? AND lesson_id = ?")) {
                st.setLong(1, ticketId);
                st.setString(2, lessonId);
                if (st.executeUpdate() == 0) {
                    throw new NotFoundException(lessonId + " is not attached to " + key);
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

    private static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new ValidationException("key", "'" + key + "' is not a ticket key: like CHG-2024-0153, a capital "
                    + "letter and 1–15 capitals or digits, a hyphen, then 1–32 capitals, digits or hyphens");
        }
    }

    private static TicketDraft checked(TicketDraft draft) {
        if (draft == null) {
            throw new ValidationException("title", "is required");
        }
        String url = Fields.optional("trackerUrl", draft.trackerUrl(), MAX_URL);
        if (!url.isEmpty()) {
            checkUrl(url);
        }
        return new TicketDraft(Fields.required("title", draft.title(), MAX_TITLE),
                Fields.required("system", draft.system(), MAX_SYSTEM), url.isEmpty() ? null : url);
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
        throw new ValidationException("trackerUrl", "'" + url + "' is not an http:// or https:// URL");
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
            throw new NotFoundException("no ticket " + key);
        }
        return id;
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
                        Timestamps.parse(rs.getString(8)), Timestamps.parse(rs.getString(9)), attachments);
            }
        }
    }

    private static List<Attachment> attachments(Connection c, long ticketId, KnowledgeBase kb) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT lesson_id, case_id, case_title, lesson_text, note, "
                + "attached_by, attached_at FROM attachments WHERE ticket_id = ? ORDER BY rowid")) {
            st.setLong(1, ticketId);
            List<Attachment> list = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String lessonId = rs.getString(1);
                    list.add(new Attachment(lessonId, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), Timestamps.parse(rs.getString(7)), kb.lesson(lessonId).isEmpty()));
                }
            }
            return list;
        }
    }
}
