package kb.model;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The industries (業態) a case may be filed under. */
public final class Industry {
    public static final List<String> ALL = List.of(
            "銀行", "信用金庫", "証券", "保険", "暗号資産交換業", "資金移動業", "クレジットカード", "金融市場インフラ", "その他");

    /** Names other reports give the same industries. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("都市銀行", "銀行"), Map.entry("地方銀行", "銀行"), Map.entry("第二地方銀行", "銀行"),
            Map.entry("地銀", "銀行"), Map.entry("メガバンク", "銀行"), Map.entry("信託銀行", "銀行"),
            Map.entry("ネット銀行", "銀行"), Map.entry("銀行業", "銀行"),
            Map.entry("信金", "信用金庫"),
            Map.entry("証券会社", "証券"), Map.entry("ネット証券", "証券"), Map.entry("証券業", "証券"),
            Map.entry("生命保険", "保険"), Map.entry("損害保険", "保険"), Map.entry("保険会社", "保険"),
            Map.entry("生命保険会社", "保険"), Map.entry("損害保険会社", "保険"), Map.entry("生保", "保険"), Map.entry("損保", "保険"),
            Map.entry("暗号資産交換業者", "暗号資産交換業"), Map.entry("仮想通貨交換業", "暗号資産交換業"),
            Map.entry("仮想通貨交換業者", "暗号資産交換業"),
            Map.entry("資金移動業者", "資金移動業"),
            Map.entry("クレジットカード会社", "クレジットカード"), Map.entry("カード会社", "クレジットカード"),
            Map.entry("取引所", "金融市場インフラ"), Map.entry("証券取引所", "金融市場インフラ"), Map.entry("清算機関", "金融市場インフラ"));

    private Industry() {}

    /** The industry {@code name} stands for (itself, or the one a common synonym names), if any. */
    public static Optional<String> canonical(String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC).strip();
        return ALL.contains(n) ? Optional.of(n) : Optional.ofNullable(SYNONYMS.get(n));
    }
}
