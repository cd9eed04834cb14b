package kb.users.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

class AccountServiceTest {
    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    private static final String PW = "long enough pw";

    @TempDir
    Path dir;
    UsersDatabase db;
    AccountService accounts;
    SignInService signIn;

    @BeforeEach
    void open() {
        db = UsersDatabase.open(dir.resolve("users.db"));
        accounts = new AccountService(db, Clock.fixed(T0, ZoneOffset.UTC));
        signIn = at(T0);
    }

    private SignInService at(Instant now) {
        return new SignInService(db, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void addsAUserWhosePasswordIsStoredOnlyAsAPbkdf2Hash() {
        User added = accounts.addUser(User.OPERATOR, "hana", Role.REVIEWER, "correct horse".toCharArray());
        assertEquals("hana", added.name());
        assertEquals(Role.REVIEWER, added.role());
        String stored = column("SELECT password_hash FROM users WHERE name = 'hana'");
        assertFalse(stored.contains("correct horse"));
        String[] parts = stored.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertTrue(Integer.parseInt(parts[1]) >= 210_000);

        assertEquals(added, signIn.authenticate("hana", "correct horse".toCharArray(), null));
        assertEquals(List.of(added), accounts.users(Fixture.ADMIN).stream().map(AccountService.Account::user).toList());
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        accounts.addUser(Fixture.ADMIN, "a1", Role.READER, "the same long password".toCharArray());
        accounts.addUser(Fixture.ADMIN, "a2", Role.READER, "the same long password".toCharArray());
        List<String> hashes = columns("SELECT password_hash FROM users ORDER BY name");
        assertNotEquals(hashes.get(0), hashes.get(1));
    }

    @Test
    void wrongPasswordsAndUnknownNamesAreUnauthorizedAlike() {
        accounts.addUser(Fixture.ADMIN, "hana", Role.READER, "first long password".toCharArray());
        UnauthorizedException wrong = assertThrows(UnauthorizedException.class,
                () -> signIn.authenticate("hana", "second long password".toCharArray(), null));
        UnauthorizedException unknown = assertThrows(UnauthorizedException.class,
                () -> signIn.authenticate("nobody", "first long password".toCharArray(), null));
        assertEquals(wrong.getMessage(), unknown.getMessage());
        assertThrows(UnauthorizedException.class, () -> signIn.authenticate("hana", new char[0], null));
    }

    @Test
    void onlyAdminsAddUsers() {
        assertThrows(UnauthorizedException.class, () -> accounts.addUser(null, "x", Role.READER, PW.toCharArray()));
        assertThrows(ForbiddenException.class, () -> accounts.addUser(Fixture.TRAINER, "x", Role.READER, PW.toCharArray()));
        assertThrows(ForbiddenException.class, () -> accounts.users(Fixture.REVIEWER));
        assertEquals(List.of(), accounts.users(Fixture.ADMIN));
    }

    @Test
    void refusesBadNamesDuplicatesAndEmptyPasswordsNamingTheField() {
        assertEquals("name", field(() -> accounts.addUser(Fixture.ADMIN, "Hana", Role.READER, PW.toCharArray())));
        assertEquals("name", field(() -> accounts.addUser(Fixture.ADMIN, "-x", Role.READER, PW.toCharArray())));
        assertEquals("name", field(() -> accounts.addUser(Fixture.ADMIN, "a".repeat(33), Role.READER, PW.toCharArray())));
        assertEquals("password", field(() -> accounts.addUser(Fixture.ADMIN, "hana", Role.READER, new char[0])));
        assertEquals("role", field(() -> accounts.addUser(Fixture.ADMIN, "hana", null, PW.toCharArray())));
        accounts.addUser(Fixture.ADMIN, "hana", Role.READER, PW.toCharArray());
        assertEquals("name", field(() -> accounts.addUser(Fixture.ADMIN, "hana", Role.ADMIN, PW.toCharArray())));
        assertEquals(1, accounts.users(Fixture.ADMIN).size());
    }

    @Test
    void apiTokensAreRandomStoredHashedAndResolveToTheirUser() {
        User hana = accounts.addUser(Fixture.ADMIN, "hana", Role.REVIEWER, PW.toCharArray());
        String token = accounts.createApiToken(User.OPERATOR, "hana", null);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token); // 32 bytes, base64url
        assertNotEquals(token, accounts.createApiToken(User.OPERATOR, "hana", null));
        assertEquals(hana, signIn.userForApiToken(token).orElseThrow());
        assertTrue(signIn.userForApiToken(token + "x").isEmpty());
        assertTrue(signIn.userForApiToken("").isEmpty());
        List<String> stored = columns("SELECT token_hash FROM api_tokens");
        assertFalse(stored.contains(token));
        assertTrue(stored.contains(Tokens.sha256(token)));
    }

    @Test
    void usersMayCreateTokensForThemselvesOnly() {
        User hana = accounts.addUser(Fixture.ADMIN, "hana", Role.REVIEWER, PW.toCharArray());
        accounts.addUser(Fixture.ADMIN, "ken", Role.REVIEWER, PW.toCharArray());
        accounts.createApiToken(hana, "hana", null);
        assertThrows(ForbiddenException.class, () -> accounts.createApiToken(hana, "ken", null));
        assertThrows(UnauthorizedException.class, () -> accounts.createApiToken(null, "ken", null));
        assertThrows(NotFoundException.class, () -> accounts.createApiToken(Fixture.ADMIN, "nobody", null));
    }

    @Test
    void sessionsCarryACsrfTokenAndExpire() {
        User hana = accounts.addUser(Fixture.ADMIN, "hana", Role.TRAINER, PW.toCharArray());
        Session s = signIn.login("hana", PW.toCharArray(), null);
        assertEquals(hana, s.user());
        assertEquals(T0.plus(SignInService.SESSION_LIFETIME), s.expiresAt());
        assertNotEquals(s.token(), s.csrfToken());

        Session found = signIn.session(s.token()).orElseThrow();
        assertEquals(hana, found.user());
        assertTrue(found.csrfMatches(s.csrfToken()));
        assertFalse(found.csrfMatches(s.csrfToken() + "x"));
        assertFalse(found.csrfMatches(null));
        assertFalse(columns("SELECT token_hash FROM sessions").contains(s.token()));

        assertTrue(at(s.expiresAt().minusSeconds(1)).session(s.token()).isPresent());
        assertTrue(at(s.expiresAt()).session(s.token()).isEmpty());
        assertThrows(UnauthorizedException.class, () -> signIn.login("hana", "wrong".toCharArray(), null));
    }

    @Test
    void logoutEndsTheSessionAndLoginPurgesExpiredOnes() {
        accounts.addUser(Fixture.ADMIN, "hana", Role.READER, PW.toCharArray());
        Session first = signIn.login("hana", PW.toCharArray(), null);
        Session second = signIn.login("hana", PW.toCharArray(), null);
        signIn.logout(second.token());
        assertTrue(signIn.session(second.token()).isEmpty());
        assertTrue(signIn.session(first.token()).isPresent());

        at(T0.plus(SignInService.SESSION_LIFETIME).plus(Duration.ofMinutes(1))).login("hana", PW.toCharArray(), null);
        assertEquals(1, columns("SELECT token_hash FROM sessions").size());
    }

    @Test
    void everyAccountWriteIsAudited() {
        accounts.addUser(User.OPERATOR, "hana", Role.READER, PW.toCharArray());
        accounts.createApiToken(User.OPERATOR, "hana", null);
        Session s = signIn.login("hana", PW.toCharArray(), null);
        signIn.logout(s.token());
        List<String> actions = new AuditLog(db).list(Fixture.ADMIN, 0, 10).stream()
                .map(e -> e.actor() + " " + e.action() + " " + e.target()).toList();
        assertEquals(List.of("hana session.end hana", "hana session.start hana", "(cli) token.create hana",
                "(cli) user.add hana"), actions);
        assertTrue(columns("SELECT detail FROM audit").stream().noneMatch(d -> d.contains(PW)));
    }

    private static String field(Runnable action) {
        return assertThrows(ValidationException.class, action::run).field();
    }

    private String column(String sql) {
        return columns(sql).get(0);
    }

    private List<String> columns(String sql) {
        return db.read(c -> {
            List<String> values = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
    }
}
