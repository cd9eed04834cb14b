package kb.model;

import java.util.Arrays;
import java.util.Optional;

/** 発生の端緒: the FSA's four triggers of a system failure. */
public enum Trigger {
    ATTACK("attack", "サイバー攻撃・不正アクセス", "サイバー攻撃、不正アクセス等の意図的なもの"),
    INTEGRATION("integration", "システム統合・更改・機能追加", "システム統合・更改や機能追加に伴い発生"),
    OPERATIONS("operations", "日常の運用・保守", "日常の運用・保守等の過程の中で発生"),
    SPECIAL_WORK("special-work", "プログラム更新・特殊作業", "プログラム更新、普段と異なる特殊作業等から発生");

    private final String slug;
    private final String label;
    private final String description;

    Trigger(String slug, String label, String description) {
        this.slug = slug;
        this.label = label;
        this.description = description;
    }

    public String slug() { return slug; }
    public String label() { return label; }
    public String description() { return description; }

    public static Optional<Trigger> fromSlug(String slug) {
        return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst();
    }

    public static String slugs() {
        return String.join(" | ", Arrays.stream(values()).map(Trigger::slug).toList());
    }
}
