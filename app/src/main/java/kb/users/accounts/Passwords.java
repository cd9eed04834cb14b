package kb.users.accounts;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2-HMAC-SHA256 from the JDK, a random 16-byte salt, {@value #ITERATIONS} iterations
 * (OWASP's 2023 figure). Stored as {@code pbkdf2-sha256$iterations$salt$hash}, so the count can rise later
 * without invalidating old hashes.
 */
final class Passwords {
    static final int ITERATIONS = 210_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    /** Hashes computed by this process: a sign-in refused by the throttle must add none (LoginThrottleTest). */
    private static final AtomicLong DERIVATIONS = new AtomicLong();

    /** Compared against when the user does not exist, so a wrong name costs as long as a wrong password. */
    static final String DUMMY = hash("not a password".toCharArray());

    private Passwords() {}

    static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(derive(password, salt, ITERATIONS));
    }

    static boolean matches(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    static long derivations() {
        return DERIVATIONS.get();
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        DERIVATIONS.incrementAndGet();
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
