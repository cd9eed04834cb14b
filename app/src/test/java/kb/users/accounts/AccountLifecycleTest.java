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
import kb.users.UsersException.ForbiddenException;
import kb.users.UsersException.NotFoundException;
import kb.users.UsersException.UnauthorizedException;
import kb.users.UsersException.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disabling, enabling, new passwords and roles, token expiry and revocation: each ends access at once. */
class AccountLifecycleTest {
    private static final String PW = "long enough pw";
    private static final String NEW_PW = "another long one";

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2026-04-01T09:00:00Z"));
    UsersDatabase db;
    AccountService accounts;
    SignInService signIn;
    Session session;
    String token;

    @BeforeEach
    void open() {
        db = UsersDatabase.open(dir.resolve("users.db"));
        accounts = new AccountService(db, clock);
        signIn = new SignInService(db, clock);
        accounts.addUser(User.OPERATOR, "hana", Role.REVIEWER, PW.toCharArray());
        session = signIn.login("hana", PW.toCharArray(), null);
        token = accounts.createApiToken(User.OPERATOR, "hana", null);
    }

    private boolean hasAccess() {
        return signIn.session(session.token()).isPresent() || signIn.userForApiToken(token).isPresent();
    }

    @Test
    void disablingEndsSessionsAndTokensAndSignInUntilEnabled() {
        accounts.setDisabled(Fixture.ADMIN, "hana", true);
        assertTrue(!hasAccess());
        UnauthorizedException refused = assertThrows(UnauthorizedException.class, () -> signIn.login("hana", PW.toCharArray(), null));
        assertEquals("ユーザー名またはパスワードが違います。", refused.getMessage());
        assertTrue(accounts.users(Fixture.ADMIN).get(0).disabled());
        assertThrows(ValidationException.class, () -> accounts.createApiToken(User.OPERATOR, "hana", null));

        accounts.setDisabled(Fixture.ADMIN, "hana", false);
        assertTrue(signIn.session(signIn.login("hana", PW.toCharArray(), null).token()).isPresent());
        assertTrue(signIn.userForApiToken(token).isEmpty(), "old tokens stay ended");
    }

    @Test
    void aNewPasswordEndsSessionsAndTokensAndReplacesTheOld() {
        accounts.setPassword(Fixture.ADMIN, "hana", NEW_PW.toCharArray());
        assertTrue(!hasAccess());
        assertThrows(UnauthorizedException.class, () -> signIn.login("hana", PW.toCharArray(), null));
        assertEquals("hana", signIn.login("hana", NEW_PW.toCharArray(), null).user().name());
    }

    @Test
    void aNewRoleEndsSessionsAndTokensAndTakesEffect() {
        accounts.setRole(Fixture.ADMIN, "hana", Role.TRAINER);
        assertTrue(!hasAccess());
        assertEquals(Role.TRAINER, signIn.login("hana", PW.toCharArray(), null).user().role());
    }

    @Test
    void revokingATokenEndsThatTokenOnly() {
        String other = accounts.createApiToken(User.OPERATOR, "hana", null);
        long id = accounts.tokens(Fixture.ADMIN, "hana").get(0).id();
        accounts.revokeToken(Fixture.ADMIN, id);
        assertTrue(signIn.userForApiToken(token).isEmpty());
        assertTrue(signIn.userForApiToken(other).isPresent());
        assertTrue(signIn.session(session.token()).isPresent());
        assertThrows(NotFoundException.class, () -> accounts.revokeToken(Fixture.ADMIN, id));
    }

    @Test
    void tokensWithAnExpiryEndByThemselves() {
        String shortLived = accounts.createApiToken(User.OPERATOR, "hana", Duration.ofDays(1));
        AccountService.TokenInfo info = accounts.tokens(Fixture.ADMIN, "hana").get(1);
        assertEquals(clock.instant().plus(Duration.ofDays(1)), info.expiresAt());
        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertTrue(signIn.userForApiToken(shortLived).isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(signIn.userForApiToken(shortLived).isEmpty());
        assertTrue(info.expired(clock.instant()));
        assertTrue(signIn.userForApiToken(token).isPresent(), "a token without expiry stays");
        assertThrows(ValidationException.class, () -> accounts.createApiToken(User.OPERATOR, "hana", Duration.ZERO));
    }

    @Test
    void onlyAdminsManageAccountsAndEveryChangeIsAudited() {
        assertThrows(ForbiddenException.class, () -> accounts.setDisabled(Fixture.REVIEWER, "hana", true));
        assertThrows(ForbiddenException.class, () -> accounts.setRole(Fixture.TRAINER, "hana", Role.ADMIN));
        assertThrows(UnauthorizedException.class, () -> accounts.setPassword(null, "hana", NEW_PW.toCharArray()));
        assertThrows(ForbiddenException.class, () -> accounts.revokeToken(Fixture.REVIEWER, 1));
        assertThrows(ForbiddenException.class, () -> accounts.tokens(Fixture.READER, null));
        assertThrows(NotFoundException.class, () -> accounts.setDisabled(Fixture.ADMIN, "nobody", true));

        accounts.setRole(Fixture.ADMIN, "hana", Role.TRAINER);
        accounts.setDisabled(Fixture.ADMIN, "hana", true);
        accounts.setDisabled(Fixture.ADMIN, "hana", false);
        accounts.setPassword(Fixture.ADMIN, "hana", NEW_PW.toCharArray());
        List<String> audit = new AuditLog(db).list(Fixture.ADMIN, 0, 4).stream()
                .map(e -> e.actor() + " " + e.action() + " " + e.target() + " " + e.detail()).toList();
        assertEquals(List.of("ada user.password hana", "ada user.enable hana", "ada user.disable hana",
                "ada user.role hana role trainer (2 sessions and tokens ended)"), audit.stream().map(String::strip).toList());
    }

    @Test
    void passwordsAreLongAndNotCommon() {
        assertEquals("password", field(() -> accounts.addUser(Fixture.ADMIN, "ken", Role.READER, "elevenchars".toCharArray())));
        assertEquals("password", field(() -> accounts.addUser(Fixture.ADMIN, "ken", Role.READER, "Password1234".toCharArray())));
        assertEquals("password", field(() -> accounts.addUser(Fixture.ADMIN, "ken", Role.READER, "qwertyuiop123".toCharArray())));
        assertEquals("password", field(() -> accounts.addUser(Fixture.ADMIN, "ken", Role.READER, "zzzzzzzzzzzzzzzz".toCharArray())));
        assertEquals("password", field(() -> accounts.addUser(Fixture.ADMIN, "kenta", Role.READER, "my name is kenta".toCharArray())));
        assertEquals("password", field(() -> accounts.setPassword(Fixture.ADMIN, "hana", "short".toCharArray())));
        accounts.addUser(Fixture.ADMIN, "ken", Role.READER, "障害事例から学ぶ変更管理".toCharArray()); // 12 characters, any script
        assertEquals("ken", signIn.login("ken", "障害事例から学ぶ変更管理".toCharArray(), null).user().name());
    }

    private static String field(Runnable action) {
        return assertThrows(ValidationException.class, action::run).field();
    }
}
