package kb.web;

import java.util.List;
import kb.model.CaseRecord;
import kb.model.Lesson;
import kb.model.Theme;
import kb.model.Trigger;
import kb.search.Hit;
import kb.search.SearchResult;

/** What each page template shows: one record per template under {@code templates/}, its only parameter. */
public sealed interface Page {
    /** The template's file name under {@code templates/}. */
    String template();

    record Home(int total, List<TriggerCount> triggers, List<CaseRecord> recent, List<LessonView> lessons) implements Page {
        public String template() { return "home.jte"; }
    }

    record Search(SearchParams params, SearchResult result, List<FacetGroup> facets, List<Link> activeFilters,
                  Pagination pagination, List<Link> suggestions) implements Page {
        public String template() { return "search.jte"; }

        public int firstHit() { return (params.page() - 1) * params.limit() + 1; }
    }

    record Case(CaseRecord c, Trigger trigger, List<RenderedSection> sections, List<LessonView> lessons,
                List<Hit> related) implements Page {
        public String template() { return "case.jte"; }

        public boolean declared() { return c.triggerSource().equals("declared"); }

        public int confidencePercent() { return (int) Math.round(c.triggerConfidence() * 100); }
    }

    record TriggerCases(Trigger trigger, List<CaseRecord> cases, Chart chart) implements Page {
        public String template() { return "trigger.jte"; }
    }

    /** {@code /lessons} and {@code /themes/{theme}}: {@code theme} is the chosen one, null for all. */
    record Lessons(String q, Theme theme, List<ThemeCount> themes, List<LessonGroup> groups, int total) implements Page {
        public String template() { return "lessons.jte"; }
    }

    record Stats(int total, Chart byYear, Chart byIndustry, List<YearRow> yearRows) implements Page {
        public String template() { return "stats.jte"; }
    }

    record Failure(int status, String heading, String message) implements Page {
        public String template() { return "error.jte"; }
    }

    record TriggerCount(Trigger trigger, int count) {}

    record ThemeCount(Theme theme, int count) {}

    /** A lesson with the title of its case, for lists that link to the lesson's anchor. */
    record LessonView(Lesson lesson, String caseTitle) {
        public String anchor() { return lesson.id().substring(lesson.id().indexOf('#') + 1); }
    }

    /** Lessons under one theme heading; {@code theme} is null for lessons without a theme. */
    record LessonGroup(Theme theme, List<LessonView> lessons) {}

    /** A case section as HTML rendered from its Markdown with raw HTML escaped. */
    record RenderedSection(String heading, String html) {}

    record Link(String label, String url) {}

    /** A facet dimension; past the first {@link #SHOWN} values the rest fold away (there are hundreds of patterns). */
    record FacetGroup(String label, List<FacetLink> links) {
        static final int SHOWN = 12;

        public List<FacetLink> shown() { return links.subList(0, Math.min(SHOWN, links.size())); }

        public List<FacetLink> folded() { return links.subList(Math.min(SHOWN, links.size()), links.size()); }
    }

    record FacetLink(String label, int count, String url, boolean selected) {}

    /** {@code prev}/{@code next} are null at the ends. */
    record Pagination(int page, int lastPage, String prev, String next) {}

    /** One year's cases per trigger, in {@link Trigger} order. */
    record YearRow(String year, List<Integer> counts, int total) {}
}
