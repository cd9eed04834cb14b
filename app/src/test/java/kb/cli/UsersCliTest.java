package kb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import kb.store.Json;
import kb.users.Access;
import kb.users.Fixture;
import kb.users.Role;
import kb.users.UsersDatabase;
import kb.users.UsersException.UnauthorizedException;
import kb.users.accounts.AccountService;
import kb.users.accounts.SignInService;
import kb.users.check.CheckService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kb check, user add, token create and settings, run as the launcher runs them, against a real index. */
class UsersCliTest {
    private static final String CHANGE = "月末の定期預金の一括処理と並行して、勘定系のデータ移行作業を行う。";
    private static final InputStream STDIN = System.in;

    @TempDir
    static Path dir;
    static Fixture fx;
    static String index;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void open() throws Exception {
        fx = Fixture.create(dir);
        index = fx.index.root().toString();
    }

    @AfterAll
    static void close() throws Exception {
        fx.close();
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(STDIN);
    }

    private static Run kb(String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kb.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static final String PW = "long enough pw";

    private static AccountService accounts() {
        return new AccountService(UsersDatabase.open(fx.index.usersDatabase()), Clock.systemUTC());
    }

    private static SignInService signIn() {
        return new SignInService(UsersDatabase.open(fx.index.usersDatabase()), Clock.systemUTC());
    }

    @Test
    void userAddReadsThePasswordFromStdin() {
        Run r = kb("pass word 123\n", "user", "add", "--index", index, "kumi", "--role", "trainer");
        assertEquals(0, r.code(), r.err());
        assertEquals("added user kumi (trainer)\n", r.out());
        assertEquals(Role.TRAINER, signIn().authenticate("kumi", "pass word 123".toCharArray(), null).role());
    }

    @Test
    void userAddRefusesAnEmptyPasswordABadRoleAndADuplicate() {
        Run empty = kb("\n", "user", "add", "--index", index, "nopw", "--role", "reader");
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("no password"), empty.err());
        assertEquals(2, kb("", "user", "add", "--index", index, "nopw", "--role", "reader").code());
        assertTrue(accounts().users(Fixture.ADMIN).stream().noneMatch(u -> u.user().name().equals("nopw")));

        Run role = kb(PW + "\n", "user", "add", "--index", index, "x", "--role", "boss");
        assertEquals(2, role.code());
        assertTrue(role.err().contains("unknown --role 'boss'"), role.err());

        assertEquals(0, kb(PW + "\n", "user", "add", "--index", index, "dup", "--role", "reader").code());
        Run dup = kb(PW + "\n", "user", "add", "--index", index, "dup", "--role", "admin");
        assertEquals(1, dup.code());
        assertEquals("kb: ユーザー名: 「dup」はすでにあります。\n", dup.err());
    }

    @Test
    void tokenCreatePrintsTheTokenAloneOnTheLastLine() {
        kb(PW + "\n", "user", "add", "--index", index, "tomo", "--role", "reviewer");
        Run r = kb("", "token", "create", "--index", index, "tomo");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertEquals("tomo", signIn().userForApiToken(token).orElseThrow().name());

        Run unknown = kb("", "token", "create", "--index", index, "nobody");
        assertEquals(1, unknown.code());
        assertEquals("kb: ユーザー「nobody」はいません。\n", unknown.err());
    }

    @Test
    void checkReadsTheChangeFromStdinOrAFile() throws Exception {
        Run text = kb(CHANGE, "check", "--index", index, "--limit", "2");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains(" 1. 2021-02-28  "), text.out());
        assertTrue(text.out().contains("shared terms: "), text.out());
        assertTrue(text.out().contains("(2021-02-batch-capacity#L1)"), text.out());
        assertFalse(text.out().contains(" 3. "), text.out());

        Path file = dir.resolve("change.txt");
        Files.writeString(file, CHANGE);
        Run json = kb("", "check", "--index", index, "--json", "--file", file.toString());
        assertEquals(0, json.code(), json.err());
        JsonNode first = Json.MAPPER.readTree(json.out()).get("matches").get(0);
        assertEquals("2021-02-batch-capacity", first.get("caseId").asText());
        assertTrue(first.get("sharedTerms").get(0).has("term"));
        assertEquals("2021-02-batch-capacity#L1", first.get("lessons").get(0).get("id").asText());
    }

    @Test
    void checkRefusesEmptyOverlongAndMissingInputWithoutAStackTrace() throws Exception {
        Run empty = kb("", "check", "--index", index);
        assertEquals(1, empty.code());
        assertEquals("kb: 変更の内容: 入力してください。\n", empty.err());

        Path big = dir.resolve("big.txt");
        Files.writeString(big, "移".repeat(CheckService.MAX_TEXT + 1));
        Run tooLong = kb("", "check", "--index", index, "--file", big.toString());
        assertEquals(1, tooLong.code());
        assertTrue(tooLong.err().startsWith("kb: 変更の内容: 長すぎます"), tooLong.err());

        Run missing = kb("", "check", "--index", index, "--file", dir.resolve("nope.txt").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("kb: no such file"), missing.err());
        assertFalse(missing.err().contains("\tat "), missing.err());

        assertEquals(2, kb(CHANGE, "check", "--index", index, "--limit", "0").code());
    }

    @Test
    void settingsTurnLoginForReadingOnAndOff() {
        Access access = new Access(UsersDatabase.open(fx.index.usersDatabase()), Duration.ZERO);
        try {
            Run on = kb("", "settings", "--index", index, "--require-login-for-reading", "on");
            assertEquals(0, on.code(), on.err());
            assertEquals("require-login-for-reading: on\n", on.out());
            assertTrue(access.loginRequiredForReading());
            assertThrows(UnauthorizedException.class, () -> access.requireRead(null));
            assertEquals(2, kb("", "settings", "--index", index, "--require-login-for-reading", "yes").code());
        } finally {
            assertEquals(0, kb("", "settings", "--index", index, "--require-login-for-reading", "off").code());
        }
        assertEquals("require-login-for-reading: off\n", kb("", "settings", "--index", index).out());
        assertFalse(access.loginRequiredForReading());
    }
}
