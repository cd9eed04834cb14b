package kb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import kb.users.Role;
import kb.users.UsersDatabase;
import kb.users.accounts.Session;
import kb.users.accounts.SignInService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** user list | disable | enable | passwd | role and token list | revoke | create --expires-days, as the launcher runs them. */
class AccountsCliTest {
    private static final InputStream STDIN = System.in;
    private static final String PW = "long enough pw";

    @TempDir
    Path dir;
    String index;
    UsersDatabase db;
    SignInService signIn;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void addAccount() {
        index = dir.toString();
        assertEquals(0, kb(PW + "\n", "user", "add", "--index", index, "hana", "--role", "reviewer").code());
        db = UsersDatabase.open(dir.resolve("users.db"));
        signIn = new SignInService(db, Clock.systemUTC());
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(STDIN);
        db.close();
    }

    private static Run kb(String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kb.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private String token(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("token", "create", "--index", index));
        args.addAll(List.of(options));
        args.add("hana");
        Run r = kb("", args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.out().lines().reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void listShowsEachAccountWithItsStatusSessionsAndTokens() {
        signIn.login("hana", PW.toCharArray(), null);
        token();
        Run r = kb("", "user", "list", "--index", index);
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.startsWith("hana ")).findFirst().orElseThrow();
        assertTrue(row.matches("hana +reviewer +enabled +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +1 +1"), row);
    }

    @Test
    void disableEndsSessionsAndTokensAtOnceAndEnableLetsTheUserSignInAgain() {
        Session session = signIn.login("hana", PW.toCharArray(), null);
        String token = token();
        Run r = kb("", "user", "disable", "--index", index, "hana");
        assertEquals(0, r.code(), r.err());
        assertTrue(signIn.session(session.token()).isEmpty());
        assertTrue(signIn.userForApiToken(token).isEmpty());
        assertTrue(kb("", "user", "list", "--index", index).out().contains(" disabled "));

        assertEquals(0, kb("", "user", "enable", "--index", index, "hana").code());
        assertEquals("hana", signIn.login("hana", PW.toCharArray(), null).user().name());
    }

    @Test
    void passwdAndRoleEndSessionsAndTakeEffect() {
        Session session = signIn.login("hana", PW.toCharArray(), null);
        Run passwd = kb("a new long password\n", "user", "passwd", "--index", index, "hana");
        assertEquals(0, passwd.code(), passwd.err());
        assertTrue(signIn.session(session.token()).isEmpty());
        assertEquals("hana", signIn.login("hana", "a new long password".toCharArray(), null).user().name());

        Session again = signIn.login("hana", "a new long password".toCharArray(), null);
        Run role = kb("", "user", "role", "--index", index, "hana", "trainer");
        assertEquals(0, role.code(), role.err());
        assertTrue(signIn.session(again.token()).isEmpty());
        assertEquals(Role.TRAINER, signIn.login("hana", "a new long password".toCharArray(), null).user().role());
    }

    @Test
    void refusalsSayWhyWithExitCodes() {
        Run shortPw = kb("short\n", "user", "passwd", "--index", index, "hana");
        assertEquals(1, shortPw.code());
        assertTrue(shortPw.err().startsWith("kb: パスワード: 12 文字以上"), shortPw.err());
        Run common = kb("password1234\n", "user", "add", "--index", index, "ken", "--role", "reader");
        assertEquals(1, common.code());
        assertTrue(common.err().contains("よく使われて"), common.err());
        assertEquals(2, kb("\n", "user", "passwd", "--index", index, "hana").code());
        Run unknown = kb("", "user", "disable", "--index", index, "nobody");
        assertEquals(1, unknown.code());
        assertEquals("kb: ユーザー「nobody」はいません。\n", unknown.err());
        Run badRole = kb("", "user", "role", "--index", index, "hana", "boss");
        assertEquals(2, badRole.code());
        assertTrue(badRole.err().contains("unknown ROLE 'boss'"), badRole.err());
        Run days = kb("", "token", "create", "--index", index, "--expires-days", "0", "hana");
        assertEquals(2, days.code());
        assertTrue(days.err().contains("--expires-days must be between 1 and 3650"), days.err());
        assertEquals(2, kb("", "soak", "--minutes", "0").code());
        assertEquals(2, kb("", "soak", "--clients", "3").code());
        Run revoke = kb("", "token", "revoke", "--index", index, "999");
        assertEquals(1, revoke.code());
        assertEquals("kb: API トークン 999 はありません。\n", revoke.err());
        for (Run r : List.of(shortPw, common, unknown, badRole, days, revoke)) {
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void tokensListWithTheirExpiryAndRevokeByIdEndsThatOne() {
        String forever = token();
        String week = token("--expires-days", "7");
        Run list = kb("", "token", "list", "--index", index);
        assertEquals(0, list.code(), list.err());
        List<String> rows = list.out().lines().skip(1).toList();
        assertEquals(2, rows.size(), list.out());
        assertTrue(rows.get(0).matches(" +\\d+ hana +\\S+ \\S+ +never"), rows.get(0));
        assertTrue(rows.get(1).matches(" +\\d+ hana +\\S+ \\S+ +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"), rows.get(1));
        assertFalse(list.out().contains(forever) || list.out().contains(week), "never the tokens themselves");

        String id = rows.get(1).strip().split(" +")[0];
        Run revoke = kb("", "token", "revoke", "--index", index, id);
        assertEquals(0, revoke.code(), revoke.err());
        assertTrue(signIn.userForApiToken(week).isEmpty());
        assertTrue(signIn.userForApiToken(forever).isPresent());
        assertEquals(2, kb("", "token", "list", "--index", index, "hana").out().lines().count());
    }
}
