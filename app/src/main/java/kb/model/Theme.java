package kb.model;

/** A lesson theme from corpus/themes.yaml: the shared vocabulary of lessons. */
public record Theme(String name, String en, String description, String fits) {}
