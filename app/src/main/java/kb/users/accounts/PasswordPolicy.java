package kb.users.accounts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import kb.users.UsersException.ValidationException;

/**
 * What a new password must be (OWASP ASVS 4.0 L2 §2.1, NIST SP 800-63B §5.1.1): at least {@value #MIN_LENGTH}
 * characters, any characters at all, and none of the passwords that leaked lists show most often, nor one made of
 * the user's name or a single repeated character. No composition rules and no expiry: they make passwords worse.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;
    private static final String LABEL = "パスワード";
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {}

    /** Refuses a password the policy does not allow, naming the field {@code password}. */
    public static void check(String userName, char[] password) {
        if (password == null || password.length == 0) {
            throw new ValidationException("password", LABEL, "入力してください。");
        }
        String text = new String(password);
        int length = text.codePointCount(0, text.length());
        if (length < MIN_LENGTH) {
            throw new ValidationException("password", LABEL, MIN_LENGTH + " 文字以上にしてください（" + length + " 文字）。");
        }
        if (length > MAX_LENGTH) {
            throw new ValidationException("password", LABEL, MAX_LENGTH + " 文字以内にしてください。");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || lower.codePoints().distinct().count() == 1) {
            throw new ValidationException("password", LABEL, "よく使われていて推測されやすいパスワードです。別のものにしてください。");
        }
        if (userName != null && userName.length() >= 3 && lower.contains(userName.toLowerCase(Locale.ROOT))) {
            throw new ValidationException("password", LABEL, "ユーザー名を含まないものにしてください。");
        }
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
