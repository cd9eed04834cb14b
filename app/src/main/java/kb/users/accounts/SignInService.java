package kb.users.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kb.users.AuditLog;
import kb.users.Timestamps;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.UsersException.TooManyAttemptsException;
import kb.users.UsersException.UnauthorizedException;
import kb.users.accounts.AccountRows.StoredUser;

/**
 * Who is signing in: passwords (throttled by {@link LoginThrottle}), browser sessions and API tokens. Every
 * failed sign-in and every lock it starts is in the audit log. A session or token is looked up on each request,
 * so one ended by an admin (disable, password or role change, revocation) is refused from the next request on.
 */
public final class SignInService {
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** Longer names are cut in the audit log: what was typed is evidence, not a way to fill the log. */
    private static final int MAX_LOGGED_NAME = 64;

    private final UsersDatabase db;
    private final Clock clock;
    private final LoginThrottle throttle;

    public SignInService(UsersDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.throttle = new LoginThrottle(clock);
    }

    /**
     * The account of a correct name and password; otherwise 401, saying no more than that. Refused with 429
     * (and no password hashed) while the account or the client address is locked after repeated failures.
     *
     * @param address the client's address, counted for throttling; null when there is none (tests, tools)
     */
    public User authenticate(String name, char[] password, String address) {
        String account = name == null ? "" : name;
        Optional<Duration> wait = throttle.locked(account, address);
        if (wait.isPresent()) {
            throw new TooManyAttemptsException(wait.get());
        }
        Optional<StoredUser> stored = account.isEmpty() ? Optional.empty() : db.read(c -> AccountRows.find(c, account));
        // Hash even for an unknown name, so timing does not tell which names exist.
        boolean ok = Passwords.matches(password == null ? new char[0] : password,
                stored.map(StoredUser::passwordHash).orElse(Passwords.DUMMY));
        if (ok && stored.isPresent() && !stored.get().disabled()) {
            throttle.succeeded(account);
            return stored.get().user();
        }
        String why = stored.isEmpty() ? "unknown user" : stored.get().disabled() ? "account disabled" : "wrong password";
        List<LoginThrottle.Lockout> locks = throttle.failed(account, address);
        String logged = account.length() > MAX_LOGGED_NAME ? account.substring(0, MAX_LOGGED_NAME) + "…" : account;
        String from = address == null ? "" : " from " + address;
        db.write(c -> {
            AuditLog.record(c, "(anonymous)", "login.failure", logged, why + from);
            for (LoginThrottle.Lockout lock : locks) {
                AuditLog.record(c, "(anonymous)", "login.lockout", lock.key(), LoginThrottle.MAX_FAILURES
                        + " failures in " + LoginThrottle.WINDOW.toMinutes() + " min: sign-in refused for "
                        + lock.length().toSeconds() + " s");
            }
            return null;
        });
        throw new UnauthorizedException("ユーザー名またはパスワードが違います。");
    }

    /** Checks the password and opens a session of {@link #SESSION_LIFETIME}; expired sessions are purged. */
    public Session login(String name, char[] password, String address) {
        User user = authenticate(name, password, address);
        String token = Tokens.random();
        String csrf = Tokens.random();
        // Millisecond precision: expiry is compared as an integer in SQL.
        Instant now = Instant.ofEpochMilli(clock.millis());
        Instant expires = now.plus(SESSION_LIFETIME);
        db.write(c -> {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM sessions WHERE expires_at <= ?")) {
                purge.setLong(1, now.toEpochMilli());
                purge.executeUpdate();
            }
            // The CSRF token is kept in clear: pages must embed it, and without the session cookie it is worthless.
            try (PreparedStatement st = c.prepareStatement("INSERT INTO sessions "
                    + "(token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                st.setString(1, Tokens.sha256(token));
                st.setLong(2, user.id());
                st.setString(3, csrf);
                st.setString(4, Timestamps.format(now));
                st.setLong(5, expires.toEpochMilli());
                st.executeUpdate();
            }
            AuditLog.record(c, user, "session.start", user.name(), "until " + expires + (address == null ? "" : " from " + address));
            return null;
        });
        return new Session(token, user, csrf, expires);
    }

    /** The live session of a session token, if it exists, has not expired and its account is enabled. */
    public Optional<Session> session(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT u.id, u.name, u.role, s.csrf_token, s.expires_at "
                    + "FROM sessions s JOIN users u ON u.id = s.user_id "
                    + "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0")) {
                st.setString(1, Tokens.sha256(token));
                st.setLong(2, clock.millis());
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Session(token, AccountRows.user(rs), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))))
                            : Optional.empty();
                }
            }
        });
    }

    /** Ends a session (sign-out); an unknown or expired token is already ended. */
    public void logout(String token) {
        session(token).ifPresent(s -> db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
                st.setString(1, Tokens.sha256(token));
                st.executeUpdate();
            }
            AuditLog.record(c, s.user(), "session.end", s.user().name(), "");
            return null;
        }));
    }

    /** The account of an API token that exists, has not expired and whose account is enabled. */
    public Optional<User> userForApiToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return db.read(c -> userForTokenHash(c, Tokens.sha256(token), clock.millis()));
    }

    private static Optional<User> userForTokenHash(Connection c, String hash, long now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT u.id, u.name, u.role FROM api_tokens t "
                + "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled = 0 "
                + "AND (t.expires_at IS NULL OR t.expires_at > ?)")) {
            st.setString(1, hash);
            st.setLong(2, now);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(AccountRows.user(rs)) : Optional.empty();
            }
        }
    }
}
