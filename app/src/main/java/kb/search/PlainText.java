package kb.search;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;

/** Markdown to plain text, for indexing and snippets. */
final class PlainText {
    private static final Parser PARSER = Parser.builder().build();
    private static final TextContentRenderer RENDERER = TextContentRenderer.builder().build();

    private PlainText() {}

    static String of(String markdown) {
        return RENDERER.render(PARSER.parse(markdown)).strip();
    }
}
