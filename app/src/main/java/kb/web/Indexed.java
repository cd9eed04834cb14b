package kb.web;

import java.util.List;
import java.util.stream.IntStream;

/** An item with its position, for templates that number items or name form fields by index. */
public record Indexed<T>(int index, T value) {
    public int number() { return index + 1; }

    public static <T> List<Indexed<T>> of(List<T> items) {
        return IntStream.range(0, items.size()).mapToObj(i -> new Indexed<>(i, items.get(i))).toList();
    }
}
