package kb.users.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import kb.users.Role;
import kb.users.User;
import kb.users.UsersException.NotFoundException;

/** The rows of {@code users} as the account services read them; the password hash never leaves this package. */
final class AccountRows {
    private AccountRows() {}

    /** An account row with its hash and whether it is disabled. */
    record StoredUser(User user, String passwordHash, boolean disabled) {}

    static Optional<StoredUser> find(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT id, name, role, password_hash, disabled FROM users WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new StoredUser(user(rs), rs.getString(4), rs.getInt(5) != 0)) : Optional.empty();
            }
        }
    }

    static StoredUser require(Connection c, String name) throws SQLException {
        return find(c, name).orElseThrow(() -> new NotFoundException("ユーザー「" + name + "」はいません。"));
    }

    /** A user from the first three columns: id, name, role. */
    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong(1), rs.getString(2), Role.fromSlug(rs.getString(3)).orElseThrow());
    }

    /** Ends every session and API token of a user at once: the next request they make is anonymous. */
    static int endSessionsAndTokens(Connection c, long userId) throws SQLException {
        int ended = 0;
        for (String table : new String[] {"sessions", "api_tokens"}) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE user_id = ?")) {
                st.setLong(1, userId);
                ended += st.executeUpdate();
            }
        }
        return ended;
    }
}
