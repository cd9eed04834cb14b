package kb.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kb.model.CaseRecord;
import kb.model.CaseSummary;
import kb.model.Lesson;
import kb.model.Theme;
import kb.model.Trigger;
import kb.search.Hit;
import kb.search.SearchResult;
import kb.users.AuditLog;
import kb.users.UsersException.ValidationException;
import kb.users.accounts.AccountService;
import kb.users.check.CheckMatch;
import kb.users.check.SavedCheck;
import kb.users.curricula.Curriculum;
import kb.users.curricula.Module;
import kb.users.tickets.Citation;
import kb.users.tickets.Ticket;

/**
 * What each page template shows: one record per template under {@code templates/}, its parameter beside
 * the {@link Viewer} every page gets for its header and forms.
 */
public sealed interface Page {
    /** The template's file name under {@code templates/}. */
    String template();

    record Home(int total, List<TriggerCount> triggers, List<CaseSummary> recent, List<LessonView> lessons) implements Page {
        public String template() { return "home.jte"; }
    }

    record Search(SearchParams params, SearchResult result, List<FacetGroup> facets, List<Link> activeFilters,
                  Pagination pagination, List<Link> suggestions) implements Page {
        public String template() { return "search.jte"; }

        public int firstHit() { return (params.page() - 1) * params.limit() + 1; }

        /** Whether the page's {@code index}-th hit is one of those, after the exact ones, with only some of the words. */
        public boolean partial(int index) { return mixed() && firstHit() - 1 + index >= result.exact(); }

        /** Some, not all, of the cases match every word: say where the others begin. */
        public boolean mixed() { return result.exact() > 0 && result.exact() < result.total(); }

        /** Why the corrected query is offered, in a few words. */
        public String correctionNote() {
            return result.didYouMean() == null ? "" : switch (result.didYouMean().reason()) {
                case SPELLING -> "表記の誤りかもしれません";
                case READING -> "読みを漢字にしました";
                case VARIANT -> "事例ではこう書かれています";
                case SPLIT -> "語に分けて探します";
            };
        }
    }

    /** {@code citations}: the tickets citing its lessons; {@code tickets}: where a reviewer may attach them (null for others). */
    record Case(CaseRecord c, Trigger trigger, List<RenderedSection> sections, List<LessonView> lessons,
                List<Hit> related, List<Citation> citations, TicketChoice tickets) implements Page {
        public String template() { return "case.jte"; }

        public boolean declared() { return c.triggerSource().equals("declared"); }

        public int confidencePercent() { return (int) Math.round(c.triggerConfidence() * 100); }
    }

    /** One page of a trigger's cases, newest first, of {@code total}. */
    record TriggerCases(Trigger trigger, int total, List<CaseSummary> cases, Chart chart, Pagination pagination) implements Page {
        public String template() { return "trigger.jte"; }
    }

    /**
     * A page of {@code /lessons} or {@code /themes/{theme}}: {@code theme} is the chosen one, null for all;
     * {@code firstLesson} is the number of the page's first lesson among all found (from 1).
     */
    record Lessons(String q, Theme theme, List<ThemeCount> themes, List<LessonGroup> groups, int total, int firstLesson,
                   Pagination pagination) implements Page {
        public String template() { return "lessons.jte"; }

        public int lastLesson() { return firstLesson + groups.stream().mapToInt(g -> g.lessons().size()).sum() - 1; }
    }

    record Stats(int total, Chart byYear, Chart byIndustry, List<YearRow> yearRows) implements Page {
        public String template() { return "stats.jte"; }
    }

    /** {@code login}: where to sign in and come back, for a 401; null otherwise. */
    record Failure(int status, String heading, String message, String login) implements Page {
        public String template() { return "error.jte"; }
    }

    /** {@code token}: the login form's own CSRF token (there is no session yet). */
    record Login(String name, String next, String token, String error) implements Page {
        public String template() { return "login.jte"; }
    }

    /**
     * {@code matches} is null until a change has been checked; {@code saved} is the saved check shown (null for
     * an anonymous visitor's, which is not kept); {@code tickets} is where a reviewer attaches the lessons.
     */
    record Check(String text, int limit, List<MatchView> matches, FormError error, SavedCheck saved,
                 TicketChoice tickets) implements Page {
        public String template() { return "check.jte"; }
    }

    /** A match of the check with its trigger and its score as a percentage of the best match's. */
    record MatchView(CheckMatch match, Trigger trigger, int percent) {}

    record Tickets(List<Ticket> tickets, TicketForm form, FormError error) implements Page {
        public String template() { return "tickets.jte"; }
    }

    /** {@code exports}: the texts to paste into a tracker, each with its own address. */
    record TicketDetail(Ticket ticket, List<Export> exports) implements Page {
        public String template() { return "ticket.jte"; }
    }

    /** A ticket's export: {@code format} is its file extension, {@code text} the whole text. */
    record Export(String format, String label, String url, String text) {}

    /**
     * Attaching lessons on a page of their own: reached from the lessons list and from search results (the
     * lessons of the chosen cases), and re-shown on a refusal with what was chosen and typed.
     * {@code checkId} is the saved check they come from, if any; {@code next} where to go once attached.
     */
    record Attach(List<LessonChoice> lessons, TicketChoice tickets, Long checkId, String next, FormError error) implements Page {
        public String template() { return "attach.jte"; }
    }

    /** A lesson offered for attaching, whether it is ticked and the note typed for it. */
    record LessonChoice(LessonView view, boolean checked, String note) {}

    /** The open tickets a reviewer may attach to, and the one chosen last in this browser session (or none). */
    record TicketChoice(List<Ticket> open, String selected) {
        public boolean isSelected(Ticket t) { return t.key().equals(selected); }
    }

    /**
     * Adding cases to a curriculum from a case page or search results: the cases, the curricula and their
     * modules to choose from; {@code target} the choice ({@code <id>:<module>} or {@code <id>:new}).
     */
    record AddToCurriculum(List<CaseRecord> cases, List<Curriculum> curricula, String target, String newModule,
                           FormError error) implements Page {
        public String template() { return "addtocurriculum.jte"; }
    }

    record Curricula(List<Curriculum> curricula, CurriculumForm form, FormError error) implements Page {
        public String template() { return "curricula.jte"; }
    }

    /**
     * {@code saved} as stored, {@code form} as being edited (the same unless a save was refused);
     * {@code found}: cases found by the title search of one module's add box, null when none was run.
     */
    record CurriculumDetail(Curriculum saved, CurriculumForm form, Map<String, String> caseTitles,
                            Found found, FormError error) implements Page {
        public String template() { return "curriculum.jte"; }

        public String caseTitle(String id) { return caseTitles.getOrDefault(id, id + "（事例集から削除済み）"); }

        public Found foundFor(int module) { return found != null && found.module() == module ? found : null; }
    }

    /** Cases whose text matches {@code query}, offered to module {@code module} (0-based) to tick and add. */
    record Found(int module, String query, List<Hit> hits) {}

    /** {@code instructor}: the edition with the trainer's notes; the trainees' leaves them out. */
    record Handout(Curriculum curriculum, List<HandoutModule> modules, boolean instructor) implements Page {
        public String template() { return "handout.jte"; }
    }

    /** {@code name}, {@code role}: what the add form had when it was refused ({@code error}); empty otherwise. */
    record Users(List<AccountService.Account> accounts, List<AccountService.TokenInfo> tokens, Instant now, String name,
                 String role, FormError error) implements Page {
        public String template() { return "admin-users.jte"; }
    }

    record Audit(List<AuditLog.Entry> entries, Pagination pagination) implements Page {
        public String template() { return "audit.jte"; }
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

    /** A refused input: the field the service named and its message. */
    record FormError(String field, String message) {
        static FormError of(ValidationException e) { return new FormError(e.field(), e.getMessage()); }

        public boolean on(String prefix) { return field.startsWith(prefix); }
    }

    record TicketForm(String key, String title, String system, String trackerUrl) {
        static final TicketForm EMPTY = new TicketForm("", "", "", "");
    }

    /** A curriculum as its form holds it: objectives and questions one per line. */
    record CurriculumForm(String title, String audience, String objectives, List<ModuleForm> modules) {
        static final CurriculumForm EMPTY = new CurriculumForm("", "", "", List.of());
    }

    /** {@code add}: what was typed in the module's add box (a title search, or an id), kept when refused. */
    record ModuleForm(String title, List<String> caseIds, String note, String questions, String add) {}

    /** A case in a handout: {@code c} is null when it has left the casebook; the sections are HTML. */
    record HandoutCase(String id, CaseRecord c, String summary, String cause) {}

    record HandoutModule(Module module, List<HandoutCase> cases) {}

    /** One year's cases per trigger, in {@link Trigger} order. */
    record YearRow(String year, List<Integer> counts, int total) {}
}
