package kb.model;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sections of a case, in display order, with their Japanese and English headings and the other
 * headings organisations commonly give the same content in their own reports (経緯, 再発防止策, Root cause …),
 * so that such a report is read rather than rejected.
 */
public enum Section {
    SUMMARY("概要", "Summary", List.of("事象", "事象概要", "事象の概要", "障害概要", "障害の概要", "障害内容", "発生事象",
            "事案の概要", "事案概要", "経緯", "発生経緯", "overview", "description", "what happened", "incident summary")),
    CAUSE("原因", "Cause", List.of("発生原因", "障害原因", "原因分析", "根本原因", "真因", "直接原因", "原因と背景",
            "root cause", "root causes", "root cause analysis", "causes")),
    IMPACT("影響", "Impact", List.of("影響範囲", "顧客影響", "お客さまへの影響", "お客様への影響", "業務影響", "被害", "被害状況",
            "customer impact")),
    RESPONSE("対応", "Response", List.of("対応状況", "対処", "復旧対応", "対応経緯", "暫定対応", "復旧", "resolution",
            "remediation", "recovery", "mitigation")),
    LESSONS("教訓", "Lessons", List.of("学び", "得られた教訓", "教訓・学び", "反省点", "再発防止策", "今後の対策", "改善策",
            "lessons learned", "lessons learnt", "takeaways", "action items"));

    /** Leading numbering such as "1.", "2．", "(3)", "④" and a trailing colon are not part of the name. */
    private static final Pattern DECORATION = Pattern.compile("^(?:\\d+[.)]?|\\(\\d+\\)|[\\u2460-\\u2473])\\s*|\\s*[:：]$");

    private final String ja;
    private final String en;
    private final List<String> aliases;

    Section(String ja, String en, List<String> aliases) {
        this.ja = ja;
        this.en = en;
        this.aliases = aliases;
    }

    public String ja() { return ja; }
    public String en() { return en; }

    public static Optional<Section> fromHeading(String heading) {
        String name = DECORATION.matcher(Normalizer.normalize(heading, Normalizer.Form.NFKC).strip())
                .replaceAll("").strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.ja.equals(name) || s.en.toLowerCase(Locale.ROOT).equals(name) || s.aliases.contains(name))
                .findFirst();
    }
}
