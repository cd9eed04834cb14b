package kb.search;

/** The morphological analysis of a case's three text fields, each done once (see {@link MorphTokens}). */
public record CaseAnalysis(MorphTokens title, MorphTokens body, MorphTokens meta) {
    public static CaseAnalysis of(CaseText text) {
        return new CaseAnalysis(MorphTokens.of(IndexFields.TITLE, text.title()), MorphTokens.of(IndexFields.BODY, text.body()),
                MorphTokens.of(IndexFields.META, text.meta()));
    }
}
