package kb.users;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kb.users.UsersException.ForbiddenException;
import kb.users.UsersException.UnauthorizedException;
import kb.users.UsersException.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTest {
    @TempDir
    Path dir;
    UsersDatabase db;
    Access access;

    @BeforeEach
    void open() {
        db = UsersDatabase.open(dir.resolve("users.db"));
        access = new Access(db);
    }

    @Test
    void anonymousIsUnauthorizedAndAWrongRoleForbiddenButAdminMayAll() {
        assertThrows(UnauthorizedException.class, () -> Access.require(null, Role.REVIEWER, "x"));
        ForbiddenException e = assertThrows(ForbiddenException.class, () -> Access.require(Fixture.TRAINER, Role.REVIEWER, "チケットの編集"));
        assertEquals("チケットの編集にはレビュー担当（reviewer）の権限が必要です（toru さんは研修担当）。", e.getMessage());
        assertThrows(ForbiddenException.class, () -> Access.require(Fixture.READER, Role.TRAINER, "x"));
        assertDoesNotThrow(() -> Access.require(Fixture.REVIEWER, Role.REVIEWER, "x"));
        for (Role r : Role.values()) {
            assertDoesNotThrow(() -> Access.require(Fixture.ADMIN, r, "x"));
        }
    }

    @Test
    void readingIsOpenUntilAnAdminRequiresLogin() {
        assertFalse(access.loginRequiredForReading());
        assertDoesNotThrow(() -> access.requireRead(null));
        assertThrows(ForbiddenException.class, () -> access.setLoginRequiredForReading(Fixture.REVIEWER, true));
        assertThrows(UnauthorizedException.class, () -> access.setLoginRequiredForReading(null, true));
        assertFalse(access.loginRequiredForReading());

        access.setLoginRequiredForReading(Fixture.ADMIN, true);
        assertTrue(access.loginRequiredForReading());
        assertThrows(UnauthorizedException.class, () -> access.requireRead(null));
        assertDoesNotThrow(() -> access.requireRead(Fixture.READER));

        access.setLoginRequiredForReading(Fixture.ADMIN, false);
        assertDoesNotThrow(() -> access.requireRead(null));
    }

    @Test
    void theLoginForReadingSettingIsCachedUntilThisProcessWritesOrTheCacheExpires() {
        Access cached = new Access(db, Duration.ofHours(1));
        assertFalse(cached.loginRequiredForReading());
        UsersDatabase otherProcess = UsersDatabase.open(dir.resolve("users.db"));
        new Access(otherProcess).setLoginRequiredForReading(Fixture.ADMIN, true);
        assertFalse(cached.loginRequiredForReading(), "another process's change waits for the cache to expire");
        assertTrue(new Access(db, Duration.ZERO).loginRequiredForReading());

        db.write(c -> c.createStatement().executeUpdate("INSERT INTO settings VALUES ('unrelated', 'x')"));
        assertTrue(cached.loginRequiredForReading(), "a write in this process reads it again at once");
        access.setLoginRequiredForReading(Fixture.ADMIN, false);
        assertFalse(cached.loginRequiredForReading());
    }

    @Test
    void theAuditLogListsNewestFirstInPagesForAdminsOnly() {
        for (boolean on : new boolean[] {true, false, true}) {
            access.setLoginRequiredForReading(Fixture.ADMIN, on);
        }
        AuditLog log = new AuditLog(db);
        List<AuditLog.Entry> first = log.list(Fixture.ADMIN, 0, 2);
        assertEquals(List.of("true", "false"), first.stream().map(AuditLog.Entry::detail).toList());
        assertEquals("ada", first.get(0).actor());
        assertEquals("settings.update", first.get(0).action());
        assertEquals(List.of("true"), log.list(Fixture.ADMIN, 2, 2).stream().map(AuditLog.Entry::detail).toList());
        assertTrue(first.get(0).id() > first.get(1).id());

        assertThrows(ForbiddenException.class, () -> log.list(Fixture.REVIEWER, 0, 10));
        assertThrows(UnauthorizedException.class, () -> log.list(null, 0, 10));
        ValidationException e = assertThrows(ValidationException.class, () -> log.list(Fixture.ADMIN, 0, 0));
        assertEquals("limit", e.field());
    }
}
