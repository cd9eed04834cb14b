package kb.users;

import java.time.Duration;

/**
 * A refusal by the users' services, with a message fit to show the user. The web layer maps the
 * subclasses to HTTP: {@link ValidationException} 400, {@link UnauthorizedException} 401,
 * {@link ForbiddenException} 403, {@link NotFoundException} 404, {@link TooManyAttemptsException} 429.
 */
public abstract sealed class UsersException extends RuntimeException
        permits UsersException.ValidationException, UsersException.UnauthorizedException,
                UsersException.ForbiddenException, UsersException.NotFoundException,
                UsersException.TooManyAttemptsException {

    UsersException(String message) {
        super(message);
    }

    /**
     * Bad input. {@link #field()} is the field's path in the request ({@code key}, {@code modules[1].caseIds[0]}),
     * for marking the input on a form; the message names it as the user sees it: 「キー: …」「モジュール 2 の事例 1: …」.
     */
    public static final class ValidationException extends UsersException {
        private final String field;

        /** {@code label}: the field as its form labels it, in Japanese; {@code problem}: what is wrong, in Japanese. */
        public ValidationException(String field, String label, String problem) {
            super(label + ": " + problem);
            this.field = field;
        }

        /** Not yet in Japanese: the message starts with the field's path. Prefer the constructor with a label. */
        public ValidationException(String field, String problem) {
            this(field, field, problem);
        }

        public String field() { return field; }
    }

    /** Nobody is signed in (or the credentials are wrong) and the action needs an account. */
    public static final class UnauthorizedException extends UsersException {
        public UnauthorizedException(String message) { super(message); }
    }

    /** Signed in, but the role does not allow the action. */
    public static final class ForbiddenException extends UsersException {
        public ForbiddenException(String message) { super(message); }
    }

    /** The ticket, curriculum or user named does not exist. */
    public static final class NotFoundException extends UsersException {
        public NotFoundException(String message) { super(message); }
    }

    /** Sign-in refused without checking the password: too many recent failures for the account or the address. */
    public static final class TooManyAttemptsException extends UsersException {
        private final Duration retryAfter;

        public TooManyAttemptsException(Duration retryAfter) {
            super("ログインの失敗が続いたため、一時的にログインを止めています（あと " + Math.max(1, retryAfter.toSeconds()) + " 秒）。");
            this.retryAfter = retryAfter;
        }

        /** Whole seconds, at least 1: the value of {@code Retry-After}. */
        public long retryAfterSeconds() { return Math.max(1, (retryAfter.toMillis() + 999) / 1000); }
    }
}
