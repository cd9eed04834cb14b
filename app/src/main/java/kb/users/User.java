package kb.users;

/**
 * An account, as the services see the acting user. Services take a nullable {@code User actor}:
 * null is an anonymous visitor.
 */
public record User(long id, String name, Role role) {
    /**
     * Whoever runs {@code tools/kb} on the server: with write access to {@code users.db} they control it
     * anyway, so the CLI acts as an admin. Its name cannot be an account name, so the audit log tells it apart.
     */
    public static final User OPERATOR = new User(0, "(cli)", Role.ADMIN);

    public boolean may(Role needed) {
        return role == needed || role == Role.ADMIN;
    }
}
