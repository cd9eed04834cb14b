package kb.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Who changed what, when: one row per write, written in the write's own transaction. */
public final class AuditLog {
    public static final int MAX_PAGE = 200;
    private static final int MAX_DETAIL = 300;

    /** One audited write; {@code target} names the thing written (a ticket key, a user name, …). */
    public record Entry(long id, Instant at, String actor, String action, String target, String detail) {}

    private final UsersDatabase db;

    public AuditLog(UsersDatabase db) {
        this.db = db;
    }

    /** Records a write on the connection of its transaction, so it commits or rolls back with it. */
    public static void record(Connection c, User actor, String action, String target, String detail) throws SQLException {
        record(c, actor.name(), action, target, detail);
    }

    /** The same, for what nobody signed in did (a failed sign-in): {@code actor} says who it was, e.g. "(anonymous)". */
    public static void record(Connection c, String actor, String action, String target, String detail) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")) {
            st.setString(1, Timestamps.format(Instant.now()));
            st.setString(2, actor);
            st.setString(3, action);
            st.setString(4, target);
            st.setString(5, detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - 1) + "…" : detail);
            st.executeUpdate();
        }
    }

    /** Newest first; {@code offset} entries skipped, at most {@code limit} (1 to {@value #MAX_PAGE}) returned. Admins only. */
    public List<Entry> list(User actor, int offset, int limit) {
        Access.require(actor, Role.ADMIN, "監査ログの閲覧");
        Fields.range("offset", "開始位置", offset, 0, Integer.MAX_VALUE);
        Fields.range("limit", "件数", limit, 1, MAX_PAGE);
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT id, at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ? OFFSET ?")) {
                st.setInt(1, limit);
                st.setInt(2, offset);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getLong(1), Timestamps.parse(rs.getString(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6)));
                    }
                }
                return entries;
            }
        });
    }
}
