package kb.search;

/** One search result; {@code snippet} is HTML-escaped text with matches wrapped in {@code <mark>}. */
public record Hit(String id, String title, String trigger, String date, float score, String snippet) {}
