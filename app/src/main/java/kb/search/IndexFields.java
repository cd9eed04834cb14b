package kb.search;

import org.apache.lucene.facet.FacetsConfig;

/** The Lucene fields of a case: one place that names them all. */
public final class IndexFields {
    public static final String ID = "id";
    /** Morphological fields; each also has {@code .bi} and {@code .code} twins (see {@link Analyzers}). */
    public static final String TITLE = "title";
    public static final String BODY = "body";
    /** Organisation, industry, patterns, systems and lesson themes: searchable, never a snippet. */
    public static final String META = "meta";
    public static final String TRIGGER = "trigger";
    public static final String INDUSTRY = "industry";
    public static final String YEAR = "year";
    public static final String PATTERN = "pattern";
    /** Systems and lesson themes, whole, for suggestions. */
    public static final String SYSTEM = "system";
    public static final String THEME = "theme";
    public static final String DATE = "date";
    public static final String DATE_SORT = "date_sort";

    public static final String[] TEXT_FIELDS = {TITLE, BODY, META};

    private IndexFields() {}

    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        config.setMultiValued(PATTERN, true);
        return config;
    }
}
