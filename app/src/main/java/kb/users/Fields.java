package kb.users;

import java.util.List;
import kb.users.UsersException.ValidationException;

/** Checks of user input; each refusal names the field. */
public final class Fields {
    private Fields() {}

    /** The value stripped; refuses a missing or blank one and one longer than {@code max} characters. */
    public static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "is required");
        }
        return optional(field, value, max);
    }

    /** The value stripped (empty when null); refuses one longer than {@code max} characters. */
    public static String optional(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.codePointCount(0, v.length()) > max) {
            throw new ValidationException(field, "is too long (" + v.codePointCount(0, v.length())
                    + " characters; at most " + max + ")");
        }
        return v;
    }

    /** Refuses a list of more than {@code max} items; null is the empty list. */
    public static <T> List<T> list(String field, List<T> values, int max) {
        List<T> v = values == null ? List.of() : values;
        if (v.size() > max) {
            throw new ValidationException(field, "has too many items (" + v.size() + "; at most " + max + ")");
        }
        return v;
    }

    public static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
