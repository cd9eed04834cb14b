package kb.users.accounts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import kb.users.accounts.AccountRows.StoredUser;

/**
 * The lifecycle of accounts and their API tokens, for admins (and the CLI, acting as one). Disabling an account,
 * changing its password or role, ends its sessions and API tokens in the same transaction: whoever held them must
 * sign in again, with what the account now is.
 */
public final class AccountService {
    /** Lower-case, so that "Tanaka" and "tanaka" cannot be two accounts. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    public static final int MAX_TOKEN_DAYS = 3650;

    /** An account as admins see it. */
    public record Account(User user, boolean disabled, Instant createdAt, int sessions, int tokens) {}

    /** An API token as admins see it: never the token itself, which only its holder has. */
    public record TokenInfo(long id, String user, Instant createdAt, Instant expiresAt) {
        public boolean expired(Instant now) { return expiresAt != null && !expiresAt.isAfter(now); }
    }

    private final UsersDatabase db;
    private final Clock clock;

    public AccountService(UsersDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Adds an account (admins only); the password must pass {@link PasswordPolicy} and is stored hashed. */
    public User addUser(User actor, String name, Role role, char[] password) {
        Access.require(actor, Role.ADMIN, "アカウントの追加");
        checkName(name);
        if (role == null) {
            throw new ValidationException("role", "ロール", Role.slugs() + " のいずれかを指定してください。");
        }
        PasswordPolicy.check(name, password);
        String hash = Passwords.hash(password);
        return db.write(c -> {
            if (AccountRows.find(c, name).isPresent()) {
                throw new ValidationException("name", "ユーザー名", "「" + name + "」はすでにあります。");
            }
            long id;
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id")) {
                st.setString(1, name);
                st.setString(2, role.slug());
                st.setString(3, hash);
                st.setString(4, Timestamps.format(clock.instant()));
                try (ResultSet rs = st.executeQuery()) {
                    id = rs.getLong(1);
                }
            }
            AuditLog.record(c, actor, "user.add", name, "role " + role.slug());
            return new User(id, name, role);
        });
    }

    /** Every account, by name, with how many live sessions and tokens it has (admins only). */
    public List<Account> users(User actor) {
        Access.require(actor, Role.ADMIN, "アカウントの一覧");
        long now = clock.millis();
        return db.read(c -> {
            List<Account> users = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT u.id, u.name, u.role, u.disabled, u.created_at, "
                    + "(SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > ?), "
                    + "(SELECT count(*) FROM api_tokens t WHERE t.user_id = u.id AND (t.expires_at IS NULL OR t.expires_at > ?)) "
                    + "FROM users u ORDER BY u.name")) {
                st.setLong(1, now);
                st.setLong(2, now);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        users.add(new Account(AccountRows.user(rs), rs.getInt(4) != 0, Timestamps.parse(rs.getString(5)),
                                rs.getInt(6), rs.getInt(7)));
                    }
                }
            }
            return users;
        });
    }

    /** Disables (or enables again) an account; disabling ends its sessions and tokens. Admins only. */
    public void setDisabled(User actor, String name, boolean disabled) {
        Access.require(actor, Role.ADMIN, disabled ? "アカウントの無効化" : "アカウントの有効化");
        change(actor, name, disabled ? "user.disable" : "user.enable", disabled, "UPDATE users SET disabled = ? WHERE id = ?",
                disabled ? 1 : 0, "");
    }

    /** Sets a new password (admins only), which must pass {@link PasswordPolicy}; ends the account's sessions and tokens. */
    public void setPassword(User actor, String name, char[] password) {
        Access.require(actor, Role.ADMIN, "パスワードの変更");
        PasswordPolicy.check(name, password);
        change(actor, name, "user.password", true, "UPDATE users SET password_hash = ? WHERE id = ?",
                Passwords.hash(password), "");
    }

    /** Gives an account another role (admins only); ends its sessions and tokens. */
    public void setRole(User actor, String name, Role role) {
        Access.require(actor, Role.ADMIN, "ロールの変更");
        if (role == null) {
            throw new ValidationException("role", "ロール", Role.slugs() + " のいずれかを指定してください。");
        }
        change(actor, name, "user.role", true, "UPDATE users SET role = ? WHERE id = ?", role.slug(), "role " + role.slug());
    }

    /** One update of a user's row, audited, ending their sessions and tokens when {@code endAccess}. */
    private void change(User actor, String name, String action, boolean endAccess, String update, Object value, String detail) {
        db.write(c -> {
            StoredUser user = AccountRows.require(c, name);
            try (PreparedStatement st = c.prepareStatement(update)) {
                st.setObject(1, value);
                st.setLong(2, user.user().id());
                st.executeUpdate();
            }
            int ended = endAccess ? AccountRows.endSessionsAndTokens(c, user.user().id()) : 0;
            AuditLog.record(c, actor, action, name, (detail + (ended > 0 ? " (" + ended + " sessions and tokens ended)" : "")).strip());
            return null;
        });
    }

    /**
     * A new API token for {@code name} (admins, or the user for themself); returned once, stored hashed.
     *
     * @param lifetime how long it is valid; null for no expiry
     */
    public String createApiToken(User actor, String name, Duration lifetime) {
        if (actor == null) {
            throw new UnauthorizedException("API トークンの作成にはログインが必要です。");
        }
        if (!actor.may(Role.ADMIN) && !actor.name().equals(name)) {
            throw new ForbiddenException("API トークンは自分の分だけ作成できます（" + actor.name() + " さん）。");
        }
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero() || lifetime.toDays() > MAX_TOKEN_DAYS)) {
            throw new ValidationException("expiresDays", "有効日数", "1〜" + MAX_TOKEN_DAYS + " 日の範囲で指定してください。");
        }
        String token = Tokens.random();
        Instant now = clock.instant();
        Instant expires = lifetime == null ? null : now.plus(lifetime);
        db.write(c -> {
            StoredUser owner = AccountRows.require(c, name);
            if (owner.disabled()) {
                throw new ValidationException("name", "ユーザー名", "「" + name + "」は無効にされています。先に有効にしてください。");
            }
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                st.setLong(1, owner.user().id());
                st.setString(2, Tokens.sha256(token));
                st.setString(3, Timestamps.format(now));
                st.setObject(4, expires == null ? null : expires.toEpochMilli());
                st.executeUpdate();
            }
            AuditLog.record(c, actor, "token.create", name, expires == null ? "API token, no expiry" : "API token until " + expires);
            return null;
        });
        return token;
    }

    /** The API tokens of one user, or of everyone when {@code name} is null; expired ones too (admins only). */
    public List<TokenInfo> tokens(User actor, String name) {
        Access.require(actor, Role.ADMIN, "API トークンの一覧");
        return db.read(c -> {
            if (name != null) {
                AccountRows.require(c, name);
            }
            List<TokenInfo> tokens = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT t.id, u.name, t.created_at, t.expires_at FROM api_tokens t "
                    + "JOIN users u ON u.id = t.user_id WHERE ? IS NULL OR u.name = ? ORDER BY u.name, t.id")) {
                st.setString(1, name);
                st.setString(2, name);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long expires = rs.getLong(4);
                        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
                        tokens.add(new TokenInfo(rs.getLong(1), rs.getString(2), Timestamps.parse(rs.getString(3)), expiresAt));
                    }
                }
            }
            return tokens;
        });
    }

    /** Revokes one API token by its id (from {@link #tokens}); the next request with it is refused. Admins only. */
    public void revokeToken(User actor, long id) {
        Access.require(actor, Role.ADMIN, "API トークンの失効");
        db.write(c -> {
            String owner;
            try (PreparedStatement st = c.prepareStatement(
                    "DELETE FROM api_tokens WHERE id = ? RETURNING (SELECT name FROM users WHERE users.id = api_tokens.user_id)")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("API トークン " + id + " はありません。");
                    }
                    owner = rs.getString(1);
                }
            }
            AuditLog.record(c, actor, "token.revoke", owner, "API token " + id);
            return null;
        });
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("name", "ユーザー名", "英小文字・数字・. _ - の 1〜32 文字で、英小文字か数字で始めてください"
                    + "（" + name + "）。");
        }
    }
}
