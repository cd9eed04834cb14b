package kb.users.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import kb.users.Timestamps;

/**
 * A pre-change check kept in {@code users.db}: the change's text and how many cases to show. Its result is
 * not stored: reopening it checks the text again against the live casebook.
 */
public record SavedCheck(long id, String text, int limit, String createdBy, Instant createdAt) {
    static final String SELECT = "SELECT id, text, result_limit, created_by, created_at FROM checks";

    public static Optional<SavedCheck> load(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SELECT + " WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(of(rs)) : Optional.empty();
            }
        }
    }

    static SavedCheck of(ResultSet rs) throws SQLException {
        return new SavedCheck(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), Timestamps.parse(rs.getString(5)));
    }
}
