package kb.cli;

/** Snippets come as escaped HTML with {@code <mark>}: on a terminal, brackets stand for the marks. */
final class Snippets {
    private Snippets() {}

    static String toTerminal(String html) {
        return html.replace("<mark>", "【").replace("</mark>", "】").replace("\n", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#x27;", "'").replace("&#39;", "'").replace("&#x2F;", "/").replace("&amp;", "&");
    }
}
