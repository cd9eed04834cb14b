package kb.model;

import java.util.Arrays;
import java.util.Optional;

/** The sections of a case, in display order, with their Japanese and English headings. */
public enum Section {
    SUMMARY("概要", "Summary"),
    CAUSE("原因", "Cause"),
    IMPACT("影響", "Impact"),
    RESPONSE("対応", "Response"),
    LESSONS("教訓", "Lessons");

    private final String ja;
    private final String en;

    Section(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String ja() { return ja; }
    public String en() { return en; }

    public static Optional<Section> fromHeading(String heading) {
        return Arrays.stream(values())
                .filter(s -> s.ja.equals(heading) || s.en.equalsIgnoreCase(heading))
                .findFirst();
    }
}
