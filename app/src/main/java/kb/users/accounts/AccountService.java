package kb.users.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import kb.users.Access;
import kb.users.AuditLog;
import kb.users.Role;
import kb.users.Timestamps;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.UsersException.ForbiddenException;
import kb.users.UsersException.NotFoundException;
import kb.users.UsersException.UnauthorizedException;
import kb.users.UsersException.ValidationException;

/** Accounts, their passwords and API tokens, and browser sessions. */
public final class AccountService {
    /** Lower-case, so that "Tanaka" and "tanaka" cannot be two accounts. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    public static final int MAX_PASSWORD = 1024;
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final UsersDatabase db;
    private final Clock clock;

    public AccountService(UsersDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Adds an account (admins only); the password is hashed, never stored. */
    public User addUser(User actor, String name, Role role, char[] password) {
        Access.require(actor, Role.ADMIN, "add users");
        checkName(name);
        if (role == null) {
            throw new ValidationException("role", "is required: one of " + Role.slugs());
        }
        if (password == null || password.length == 0) {
            throw new ValidationException("password", "must not be empty");
        }
        if (password.length > MAX_PASSWORD) {
            throw new ValidationException("password", "is too long (at most " + MAX_PASSWORD + " characters)");
        }
        String hash = Passwords.hash(password);
        return db.write(c -> {
            if (findUser(c, name).isPresent()) {
                throw new ValidationException("name", "a user named '" + name + "' already exists");
            }
            long id;
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id")) {
                st.setString(1, name);
                st.setString(2, role.slug());
                st.setString(3, hash);
                st.setString(4, Timestamps.format(now()));
                try (ResultSet rs = st.executeQuery()) {
                    id = rs.getLong(1);
                }
            }
            AuditLog.record(c, actor, "user.add", name, "role " + role.slug());
            return new User(id, name, role);
        });
    }

    /** Every account, by name (admins only). */
    public List<User> users(User actor) {
        Access.require(actor, Role.ADMIN, "list users");
        return db.read(c -> {
            List<User> users = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT id, name, role FROM users ORDER BY name");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    users.add(user(rs));
                }
            }
            return users;
        });
    }

    /** The account of a correct name and password; otherwise 401, saying no more than that. */
    public User authenticate(String name, char[] password) {
        Optional<StoredUser> stored = name == null ? Optional.empty() : db.read(c -> findUser(c, name));
        // Hash even for an unknown name, so timing does not tell which names exist.
        boolean ok = Passwords.matches(password == null ? new char[0] : password,
                stored.map(StoredUser::passwordHash).orElse(Passwords.DUMMY));
        if (!ok || stored.isEmpty()) {
            throw new UnauthorizedException("wrong user name or password");
        }
        return stored.get().user();
    }

    /** A new API token for {@code name} (admins, or the user for themself); returned once, stored hashed. */
    public String createApiToken(User actor, String name) {
        if (actor == null) {
            throw new UnauthorizedException("sign in to create API tokens");
        }
        if (!actor.may(Role.ADMIN) && !actor.name().equals(name)) {
            throw new ForbiddenException("'" + actor.name() + "' may create API tokens only for themself");
        }
        String token = Tokens.random();
        db.write(c -> {
            User owner = findUser(c, name).map(StoredUser::user)
                    .orElseThrow(() -> new NotFoundException("no user named '" + name + "'"));
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)")) {
                st.setLong(1, owner.id());
                st.setString(2, Tokens.sha256(token));
                st.setString(3, Timestamps.format(now()));
                st.executeUpdate();
            }
            AuditLog.record(c, actor, "token.create", name, "API token");
            return null;
        });
        return token;
    }

    public Optional<User> userForApiToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT u.id, u.name, u.role FROM api_tokens t "
                    + "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?")) {
                st.setString(1, Tokens.sha256(token));
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Checks the password and opens a session of {@link #SESSION_LIFETIME}; expired sessions are purged. */
    public Session login(String name, char[] password) {
        User user = authenticate(name, password);
        String token = Tokens.random();
        String csrf = Tokens.random();
        // Millisecond precision: expiry is compared as an integer in SQL.
        Instant now = Instant.ofEpochMilli(now().toEpochMilli());
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
            AuditLog.record(c, user, "session.start", user.name(), "until " + expires);
            return null;
        });
        return new Session(token, user, csrf, expires);
    }

    /** The live session of a session token, if it exists and has not expired. */
    public Optional<Session> session(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT u.id, u.name, u.role, s.csrf_token, s.expires_at "
                    + "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?")) {
                st.setString(1, Tokens.sha256(token));
                st.setLong(2, now().toEpochMilli());
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Session(token, user(rs), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))))
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

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("name", "'" + name + "' is not a valid user name: 1–32 of a-z 0-9 . _ -, "
                    + "starting with a letter or digit");
        }
    }

    /** An account row with its hash, which never leaves this class. */
    private record StoredUser(User user, String passwordHash) {}

    private static Optional<StoredUser> findUser(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id, name, role, password_hash FROM users WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new StoredUser(user(rs), rs.getString(4))) : Optional.empty();
            }
        }
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong(1), rs.getString(2), Role.fromSlug(rs.getString(3)).orElseThrow());
    }

    private Instant now() {
        return clock.instant();
    }
}
