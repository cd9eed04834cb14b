package kb.users.tickets;

import java.util.Locale;
import java.util.Optional;

public enum TicketStatus {
    OPEN, CLOSED;

    public String slug() { return name().toLowerCase(Locale.ROOT); }

    public static Optional<TicketStatus> fromSlug(String slug) {
        for (TicketStatus s : values()) {
            if (s.slug().equals(slug)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
