package kb.search;

import java.util.Locale;

/** A query to try instead of the one typed, and why: it finds more cases with every chunk whole. */
public record Correction(String query, Reason reason) {
    public enum Reason {
        /** A word no case has, spelt as one that cases have (渓谷終了 → 警告終了, terrafrom → terraform). */
        SPELLING,
        /** Kana written as the words they read as (ていでん → 停電). */
        READING,
        /** The way the cases write a word typed in another way (フェールオーバー → フェイルオーバー). */
        VARIANT,
        /** A compound typed without spaces, as its words (ジョブ多重起動 → ジョブ 多重 起動). */
        SPLIT;

        public String slug() { return name().toLowerCase(Locale.ROOT); }
    }
}
