package kb.users.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import kb.users.User;

/**
 * A browser session: {@code token} goes in the session cookie, {@code csrfToken} in every form the
 * session's pages render, to be checked with {@link #csrfMatches} on each write request.
 */
public record Session(String token, User user, String csrfToken, Instant expiresAt) {
    /** Constant-time, so the comparison does not leak how much of a guess was right. */
    public boolean csrfMatches(String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
