package kb.model;

import java.util.List;

/** The industries (業態) a case may be filed under. */
public final class Industry {
    public static final List<String> ALL = List.of(
            "銀行", "信用金庫", "証券", "保険", "暗号資産交換業", "資金移動業", "クレジットカード", "金融市場インフラ", "その他");

    private Industry() {}

    public static boolean isKnown(String name) { return ALL.contains(name); }
}
