package kb.model;

import java.util.List;

/** How a case's trigger was decided: declared in the file, or inferred by the model with evidence. */
public record Tagging(Trigger trigger, Source source, double confidence, List<String> evidence) {
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
