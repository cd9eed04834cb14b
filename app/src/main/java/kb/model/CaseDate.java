package kb.model;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A date given to the day ({@code 2024-05-31}) or to the month ({@code 2024-05}); written back in that form. */
public record CaseDate(int year, int month, int day) implements Comparable<CaseDate> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{2})(?:-(\\d{2}))?");
    /** How other reports write the same dates: 2024/5/31, 2024.05, 2024年5月31日. */
    private static final List<Pattern> VARIANTS = List.of(
            Pattern.compile("(\\d{4})[/.](\\d{1,2})(?:[/.](\\d{1,2}))?"),
            Pattern.compile("(\\d{4})年\\s*(\\d{1,2})月(?:\\s*(\\d{1,2})日)?"));

    /** Parses {@code text}, or throws IllegalArgumentException with a message for the user. */
    public static CaseDate parse(String text) {
        String trimmed = text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC).trim();
        Matcher m = FORMAT.matcher(trimmed);
        for (int i = 0; !m.matches() && i < VARIANTS.size(); i++) {
            m = VARIANTS.get(i).matcher(trimmed);
        }
        if (!m.matches()) {
            throw new IllegalArgumentException("date must be YYYY-MM-DD or YYYY-MM, got '" + text + "'");
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        try {
            if (day == 0) {
                YearMonth.of(year, month);
            } else {
                LocalDate.of(year, month, day);
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("no such date: '" + text + "'");
        }
        return new CaseDate(year, month, day);
    }

    /** yyyymmdd, with dd = 00 for a month-only date: sorts chronologically. */
    public int sortKey() { return year * 10000 + month * 100 + day; }

    @Override
    public int compareTo(CaseDate other) { return Integer.compare(sortKey(), other.sortKey()); }

    @Override
    public String toString() {
        return day == 0 ? "%04d-%02d".formatted(year, month) : "%04d-%02d-%02d".formatted(year, month, day);
    }
}
