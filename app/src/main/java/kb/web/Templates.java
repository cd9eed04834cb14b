package kb.web;

import gg.jte.CodeResolver;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import java.nio.file.Path;

/** Renders a {@link Page} with its template: precompiled into the jar, or (development) from the sources with hot reload. */
public final class Templates {
    private final TemplateEngine engine;

    private Templates(TemplateEngine engine) { this.engine = engine; }

    /** The templates compiled at build time by the jte Maven plugin. */
    public static Templates precompiled() {
        return new Templates(TemplateEngine.createPrecompiled(ContentType.Html));
    }

    /** Compiles from {@code sourceDir} on first use and again whenever a template changes. */
    public static Templates fromSources(Path sourceDir, Path classDir) {
        CodeResolver resolver = new DirectoryCodeResolver(sourceDir);
        return new Templates(TemplateEngine.create(resolver, classDir, ContentType.Html));
    }

    /** {@code viewer} fills the header (who is signed in) and the CSRF field of the page's forms. */
    public String render(Page page, Viewer viewer) {
        StringOutput out = new StringOutput();
        engine.render(page.template(), new View<>(page, viewer), out);
        return out.toString();
    }
}
