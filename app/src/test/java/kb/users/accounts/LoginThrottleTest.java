package kb.users.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kb.users.AuditLog;
import kb.users.Fixture;
import kb.users.Role;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.UsersException.TooManyAttemptsException;
import kb.users.UsersException.UnauthorizedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in throttling per account and per client address, with growing locks, refused before any hash. */
class LoginThrottleTest {
    private static final String PW = "long enough pw";

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2026-04-01T09:00:00Z"));
    UsersDatabase db;
    SignInService signIn;

    @BeforeEach
    void open() {
        db = UsersDatabase.open(dir.resolve("users.db"));
        AccountService accounts = new AccountService(db, clock);
        signIn = new SignInService(db, clock);
        accounts.addUser(User.OPERATOR, "hana", Role.REVIEWER, PW.toCharArray());
        accounts.addUser(User.OPERATOR, "ken", Role.REVIEWER, PW.toCharArray());
    }

    private void fail(String name, String address) {
        assertThrows(UnauthorizedException.class, () -> signIn.login(name, "not the password".toCharArray(), address));
    }

    private TooManyAttemptsException locked(String name, String password, String address) {
        return assertThrows(TooManyAttemptsException.class, () -> signIn.login(name, password.toCharArray(), address));
    }

    @Test
    void fiveFailuresLockTheAccountWithoutHashingAndLeaveOthersAlone() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            fail("hana", "10.0.0." + i); // from five addresses: it is the account that is counted
        }
        long hashes = Passwords.derivations();
        TooManyAttemptsException refused = locked("hana", PW, "10.0.0.9");
        assertEquals(Passwords.derivations(), hashes, "a locked sign-in computes no hash");
        assertEquals(60, refused.retryAfterSeconds());
        assertEquals("ken", signIn.login("ken", PW.toCharArray(), "10.0.0.9").user().name());
    }

    @Test
    void locksGrowWhileFailuresContinueAndASuccessClearsThem() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            fail("hana", null);
        }
        clock.advance(Duration.ofSeconds(61));
        fail("hana", null);
        assertEquals(120, locked("hana", PW, null).retryAfterSeconds());
        clock.advance(Duration.ofSeconds(121));
        fail("hana", null);
        assertEquals(240, locked("hana", PW, null).retryAfterSeconds());
        clock.advance(Duration.ofSeconds(241));
        assertEquals("hana", signIn.login("hana", PW.toCharArray(), null).user().name());
        fail("hana", null); // counting starts again
        assertEquals("hana", signIn.login("hana", PW.toCharArray(), null).user().name());
    }

    @Test
    void fiveFailuresFromOneAddressLockThatAddressForEveryName() {
        for (String name : List.of("a1", "a2", "a3", "a4", "a5")) {
            fail(name, "192.0.2.7");
        }
        locked("ken", PW, "192.0.2.7");
        assertEquals("ken", signIn.login("ken", PW.toCharArray(), "192.0.2.8").user().name());
        clock.advance(Duration.ofMinutes(16));
        assertEquals("ken", signIn.login("ken", PW.toCharArray(), "192.0.2.7").user().name());
    }

    @Test
    void everyFailureAndEveryLockIsAudited() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            fail(i == 0 ? "nobody" : "hana", "198.51.100.1");
        }
        List<String> audit = new AuditLog(db).list(Fixture.ADMIN, 0, 20).stream()
                .map(e -> e.actor() + " " + e.action() + " " + e.target() + " " + e.detail()).toList();
        assertEquals(8, audit.size(), audit.toString()); // 2 accounts added, 5 failures, 1 address lock (the account has 4)
        assertTrue(audit.contains("(anonymous) login.failure nobody unknown user from 198.51.100.1"), audit.toString());
        assertTrue(audit.contains("(anonymous) login.failure hana wrong password from 198.51.100.1"), audit.toString());
        assertTrue(audit.stream().anyMatch(a -> a.startsWith("(anonymous) login.lockout address 198.51.100.1 5 failures in 15 min")),
                audit.toString());
    }
}
