package kb.search;

import java.util.List;

/** A case like a free text, and the words they share that made it match, weightiest first. */
public record SimilarCase(Hit hit, List<SharedTerm> sharedTerms) {
    /** A word (as analyzed: base form, lower case) and its part of the case's score. */
    public record SharedTerm(String term, float weight) {}
}
