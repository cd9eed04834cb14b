package kb.users.tickets;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

public enum TicketStatus {
    OPEN, CLOSED;

    /** How JSON (the API) spells a status, as the database and the CLI do. */
    @JsonValue
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
