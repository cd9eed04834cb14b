package kb.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;
import org.commonmark.renderer.markdown.MarkdownRenderer;

/**
 * Markdown written by people — case files from other organisations, notes typed into a form — made safe to show
 * and to hand on: raw HTML is kept as visible text, never markup, and a link or image survives only when it
 * points to http, https or mailto (or is relative); any other ({@code javascript:}, {@code data:}, {@code vbscript:})
 * is replaced by its text. The case pages render with {@link #toHtml}; exports pass case text through
 * {@link #sanitize} and what users typed through {@link #escape}.
 */
public final class SafeMarkdown {
    static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    /** Characters that start Markdown or HTML anywhere in a line. */
    private static final Pattern INLINE_MARKUP = Pattern.compile("([\\\\`*_\\[\\]<>&~|])");
    /** What starts a block at the beginning of a line: a heading, quote, list item, rule, table or setext line. */
    private static final Pattern LINE_START = Pattern.compile("(?m)^(\\s*)([#>+=-]|\\d{1,9}(?=[.)]))");

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new UrlSanitizer() {
                @Override
                public String sanitizeLinkUrl(String url) { return safeUrl(url) ? url : ""; }

                @Override
                public String sanitizeImageUrl(String url) { return safeUrl(url) ? url : ""; }
            }).build();
    private static final MarkdownRenderer MARKDOWN = MarkdownRenderer.builder().build();

    private SafeMarkdown() {}

    /** HTML of a case section: raw HTML shown as text, unsafe links as their text. */
    public static String toHtml(String markdown) {
        return HTML.render(safeTree(markdown));
    }

    /** Markdown again, as written but with raw HTML escaped and unsafe links replaced by their text. */
    public static String sanitize(String markdown) {
        return MARKDOWN.render(safeTree(markdown)).strip();
    }

    /** Plain text (a title, a note) as Markdown that shows exactly that text: nothing in it becomes markup. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        String inline = INLINE_MARKUP.matcher(text).replaceAll("\\\\$1");
        String blocks = LINE_START.matcher(inline).replaceAll("$1\\\\$2");
        // "1." escaped as "\1." is not an escape; escape the dot instead.
        return blocks.replaceAll("(?m)^(\\s*)\\\\(\\d{1,9})([.)])", "$1$2\\\\$3");
    }

    /**
     * Whether a link target is harmless: http, https or mailto, or no scheme at all (a path on the same site).
     * Browsers ignore tabs, line breaks and other controls inside a URL ({@code java\tscript:}), so they are
     * removed before the scheme is read.
     */
    public static boolean safeUrl(String url) {
        if (url == null) {
            return false;
        }
        StringBuilder cleaned = new StringBuilder();
        url.codePoints().filter(c -> c > 0x20 && c != 0x7f).forEach(cleaned::appendCodePoint);
        var m = SCHEME.matcher(cleaned);
        return !m.find() || SCHEMES.contains(m.group(1).toLowerCase(Locale.ROOT));
    }

    private static Node safeTree(String markdown) {
        Node doc = PARSER.parse(markdown == null ? "" : markdown);
        List<Node> unsafe = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlInline html) {
                unsafe.add(html);
            }

            @Override
            public void visit(HtmlBlock html) {
                unsafe.add(html);
            }

            @Override
            public void visit(Link link) {
                if (!safeUrl(link.getDestination())) {
                    unsafe.add(link);
                }
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                if (!safeUrl(image.getDestination())) {
                    unsafe.add(image);
                }
                visitChildren(image);
            }

            @Override
            public void visit(LinkReferenceDefinition definition) {
                if (!safeUrl(definition.getDestination())) {
                    unsafe.add(definition);
                }
            }
        });
        for (Node node : unsafe) {
            switch (node) {
                case HtmlInline html -> html.insertBefore(new Text(html.getLiteral()));
                case HtmlBlock html -> {
                    Paragraph p = new Paragraph();
                    p.appendChild(new Text(html.getLiteral().strip()));
                    html.insertBefore(p);
                }
                case LinkReferenceDefinition definition -> { }
                default -> {
                    // A link or image: its text stays, without the target.
                    for (Node child = node.getFirstChild(); child != null; ) {
                        Node next = child.getNext();
                        node.insertBefore(child);
                        child = next;
                    }
                }
            }
            node.unlink();
        }
        return doc;
    }
}
