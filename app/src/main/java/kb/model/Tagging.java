package kb.model;

import java.util.List;

/** How a case's trigger was decided: declared in the file, or inferred by the model with evidence. */
public record Tagging(Trigger trigger, Source source, double confidence, List<String> evidence) {
    /**
     * Below this confidence an inferred trigger is worth a reviewer's look: on 176 held-out reports, the 20 %
     * tagged below it held every one of the model's six errors (docs/tagging.md).
     */
    public static final double REVIEW_BELOW = 0.4;

    /** Compared as the whole percent users see, so that a case shown at "40 %" is never marked. */
    public static boolean needsReview(String source, double confidence) {
        return Source.of(source) == Source.INFERRED && Math.round(confidence * 100) < Math.round(REVIEW_BELOW * 100);
    }

    public enum Source {
        DECLARED("declared"), INFERRED("inferred");

        private final String value;

        Source(String value) { this.value = value; }

        public String value() { return value; }

        public static Source of(String value) {
            return value.equals(DECLARED.value) ? DECLARED : INFERRED;
        }
    }
}
