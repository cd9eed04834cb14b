package kb.loadbench;

import java.util.List;
import kb.model.Industry;
import kb.model.Trigger;

/**
 * The fixed mix of the load bench: queries of one to four words, in the casebook's vocabulary, each sent as typed
 * and with a filter (a trigger, or an industry); and descriptions of planned changes for the pre-change check.
 */
final class QueryMix {
    static final List<String> QUERIES = List.of(
            "システム障害", "ATM", "切替", "バックアップ", "不正アクセス", "証明書", "データ移行", "誤発注",
            "勘定系 移行", "ATM 停止", "証明書 期限切れ", "バッチ 遅延", "設定 誤り", "DDoS 攻撃", "二重 引き落とし", "障害 復旧",
            "システム 統合 障害", "本番 環境 作業", "委託先 情報 漏えい", "ネットワーク 機器 故障", "振込 処理 遅延",
            "データセンター 停電 切替 失敗", "プログラム 更新 テスト 不足", "共同化 システム 移行 トラブル",
            "認証 不正 送金 被害");

    static final List<String> CHANGES = List.of(
            "来月、勘定系システムのデータベースを新しいサーバーへ移行する。移行は週末の夜間に実施し、切替後にATMとインターネットバンキングを再開する。",
            "証明書の更新作業を本番環境で行う。中間証明書の入れ替えと、ロードバランサーの設定変更を伴う。",
            "外部委託先がネットワーク機器のファームウェアを更新する。冗長構成の片系ずつ作業する予定。",
            "夜間バッチのジョブスケジューラを新製品に置き換える。月末の大量処理に間に合わせる必要がある。");

    /** A query of the mix: its words, and its filter when filtered (one of the two, or neither). */
    record Query(String text, Trigger trigger, String industry) {}

    private QueryMix() {}

    /** The {@code n}-th query of the mix, cycling; with a filter when {@code filtered}. */
    static Query query(int n, boolean filtered) {
        String text = QUERIES.get(n % QUERIES.size());
        if (!filtered) {
            return new Query(text, null, null);
        }
        return n % 2 == 0 ? new Query(text, Trigger.values()[(n / 2) % Trigger.values().length], null)
                : new Query(text, null, Industry.ALL.get((n / 2) % Industry.ALL.size()));
    }

    static String change(int n) {
        return CHANGES.get(n % CHANGES.size());
    }
}
