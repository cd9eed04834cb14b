package kb.tagging;

import java.util.List;
import java.util.Map;
import kb.model.Trigger;

/**
 * Prior knowledge for the model: words that characterise each trigger, after the trends and
 * countermeasures the FSA lists for each category (see shared/seeds). Each word counts as if it had
 * appeared in a text of that category, which matters most for words the corpus lacks.
 */
final class TriggerLexicon {

    static final Map<Trigger, List<String>> WORDS = Map.of(
            Trigger.ATTACK, List.of(
                    "サイバー攻撃", "攻撃者", "不正アクセス", "マルウェア", "ランサムウェア", "感染", "フィッシング",
                    "ソーシャルエンジニアリング", "なりすまし", "窃取", "流出", "漏えい", "脆弱性", "DDoS攻撃",
                    "詐欺", "侵入", "乗っ取り", "不正送金", "不正売買", "暗号資産", "秘密鍵", "偽サイト", "悪用",
                    "標的型", "犯行", "パスワード", "認証情報"),
            Trigger.INTEGRATION, List.of(
                    "システム統合", "更改", "移行", "新システム", "刷新", "機能追加", "新機能", "稼働開始", "合併",
                    "仕様", "仕様差異", "流用", "設計", "開発", "要件定義", "連携", "新規", "導入", "本番稼働",
                    "リプレース", "移行判定", "接続試験", "サービス開始"),
            Trigger.OPERATIONS, List.of(
                    "運用", "保守", "日常", "ハードウェア", "故障", "機器", "冗長構成", "切り替わら", "待機系",
                    "復旧", "監視", "容量", "上限", "閾値", "停電", "電源", "空調", "データセンター", "サードパーティ",
                    "製品", "バッチ", "老朽化", "証明書", "有効期限", "クラウド"),
            Trigger.SPECIAL_WORK, List.of(
                    "作業", "作業手順", "手順書", "誤り", "誤操作", "人為", "設定変更", "変更作業", "メンテナンス",
                    "プログラム更新", "アップデート", "パッチ適用", "リリース", "臨時", "特殊", "普段", "手作業",
                    "確認漏れ", "削除", "コマンド", "配信", "展開", "作業者"));

    private TriggerLexicon() {}
}
