package kb.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as people here read them: Japan Standard Time, to the second. users.db keeps UTC. */
public final class Times {
    private static final DateTimeFormatter JST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Tokyo"));

    private Times() {}

    public static String jst(Instant instant) {
        return instant == null ? "" : JST.format(instant);
    }
}
