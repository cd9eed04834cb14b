package kb.search;

import org.apache.lucene.facet.FacetsConfig;

/** The Lucene fields of a case: one place that names them all. */
final class IndexFields {
    static final String ID = "id";
    /** Morphological fields; each also has {@code .bi} and {@code .code} twins (see {@link Analyzers}). */
    static final String TITLE = "title";
    static final String BODY = "body";
    /** Organisation, industry, patterns, systems and lesson themes: searchable, never a snippet. */
    static final String META = "meta";
    static final String TRIGGER = "trigger";
    static final String INDUSTRY = "industry";
    static final String YEAR = "year";
    static final String PATTERN = "pattern";
    static final String DATE = "date";
    static final String DATE_SORT = "date_sort";

    static final String[] TEXT_FIELDS = {TITLE, BODY, META};

    private IndexFields() {}

    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        config.setMultiValued(PATTERN, true);
        return config;
    }
}
