package kb.search;

import java.util.List;

/** A case like a free text, and the words they share that made it match, weightiest first. */
public record SimilarCase(Hit hit, List<SharedTerm> sharedTerms) {
    /** A word as the case writes it, and its weight: the summed weights of the text's words it holds. */
    public record SharedTerm(String term, float weight) {}
}
