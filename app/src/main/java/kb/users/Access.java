package kb.users;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.sql.ResultSet;
import kb.users.UsersException.ForbiddenException;
import kb.users.UsersException.UnauthorizedException;

/**
 * Who may do what. Writes need a role ({@link User#may}); reads are open unless an admin has turned on
 * the {@value #LOGIN_FOR_READING} setting, which is stored in the users' database so every process
 * (server, CLI) sees the same answer.
 */
public final class Access {
    static final String LOGIN_FOR_READING = "require_login_for_reading";

    /** How long a server trusts the setting it read: a change made with the CLI reaches it within this. */
    public static final Duration CACHE = Duration.ofSeconds(2);

    private record Cached(boolean required, long writeCount, long readAt) {}

    private final UsersDatabase db;
    private final long cacheNanos;
    private volatile Cached cached;

    public Access(UsersDatabase db) {
        this(db, CACHE);
    }

    /** @param cache how long the login-for-reading setting is answered from memory */
    public Access(UsersDatabase db, Duration cache) {
        this.db = db;
        this.cacheNanos = cache.toNanos();
    }

    /**
     * Refuses anonymous actors (401) and actors without {@code role} or admin (403); {@code action} names what
     * was refused, in Japanese (「チケットの作成」).
     */
    public static void require(User actor, Role role, String action) {
        if (actor == null) {
            throw new UnauthorizedException(action + "にはログインが必要です。");
        }
        if (!actor.may(role)) {
            throw new ForbiddenException(action + "には" + role.label() + "（" + role.slug() + "）の権限が必要です（"
                    + actor.name() + " さんは" + actor.role().label() + "）。");
        }
    }

    /** Refuses anonymous readers when login is required for reading. */
    public void requireRead(User actor) {
        if (actor == null && loginRequiredForReading()) {
            throw new UnauthorizedException("この事例集は閲覧にもログインが必要です。");
        }
    }

    /**
     * Asked on every request, so answered from memory for {@link #CACHE} — unless this process wrote to the
     * database since, which may have been this very setting.
     */
    public boolean loginRequiredForReading() {
        Cached c = cached;
        long now = System.nanoTime();
        long writes = db.writeCount();
        if (c != null && c.writeCount() == writes && now - c.readAt() < cacheNanos) {
            return c.required();
        }
        boolean required = readSetting();
        cached = new Cached(required, writes, now);
        return required;
    }

    private boolean readSetting() {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                st.setString(1, LOGIN_FOR_READING);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getString(1).equals("true");
                }
            }
        });
    }

    public void setLoginRequiredForReading(User actor, boolean required) {
        require(actor, Role.ADMIN, "設定の変更");
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                st.setString(1, LOGIN_FOR_READING);
                st.setString(2, String.valueOf(required));
                st.executeUpdate();
            }
            AuditLog.record(c, actor, "settings.update", LOGIN_FOR_READING, String.valueOf(required));
            return null;
        });
    }
}
