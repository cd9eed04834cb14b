package kb.users;

import java.util.List;
import kb.users.UsersException.ValidationException;

/**
 * Checks of user input. Each refusal names the field twice: its path in the request ({@code field}, for
 * marking the input) and its label as the user sees it ({@code label}, in the Japanese message).
 */
public final class Fields {
    private Fields() {}

    /** The value stripped; refuses a missing or blank one and one longer than {@code max} characters. */
    public static String required(String field, String label, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, label, "入力してください。");
        }
        return optional(field, label, value, max);
    }

    /** The value stripped (empty when null); refuses one longer than {@code max} characters. */
    public static String optional(String field, String label, String value, int max) {
        String v = value == null ? "" : value.strip();
        int length = v.codePointCount(0, v.length());
        if (length > max) {
            throw new ValidationException(field, label, "長すぎます（" + length + " 字。" + max + " 字まで）。");
        }
        return v;
    }

    /** Refuses a list of more than {@code max} items; null is the empty list. */
    public static <T> List<T> list(String field, String label, List<T> values, int max) {
        List<T> v = values == null ? List.of() : values;
        if (v.size() > max) {
            throw new ValidationException(field, label, "多すぎます（" + v.size() + " 件。" + max + " 件まで）。");
        }
        return v;
    }

    public static int range(String field, String label, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, label, min + "〜" + max + " の範囲で指定してください（" + value + "）。");
        }
        return value;
    }
}
