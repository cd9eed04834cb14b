package kb.users;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an account may do. Reading needs no role beyond being signed in (when login is required at all). */
public enum Role {
    /** Reads, when the site requires login for reading. */
    READER,
    /** Writes change tickets and their lesson attachments. */
    REVIEWER,
    /** Writes curricula. */
    TRAINER,
    /** Manages accounts and settings, and may do everything the other roles may. */
    ADMIN;

    public String slug() { return name().toLowerCase(Locale.ROOT); }

    /** The role's name on the pages and in messages. */
    public String label() {
        return switch (this) {
            case READER -> "閲覧者";
            case REVIEWER -> "レビュー担当";
            case TRAINER -> "研修担当";
            case ADMIN -> "管理者";
        };
    }

    public static Optional<Role> fromSlug(String slug) {
        return Arrays.stream(values()).filter(r -> r.slug().equals(slug)).findFirst();
    }

    public static String slugs() {
        return String.join(", ", Arrays.stream(values()).map(Role::slug).toList());
    }
}
