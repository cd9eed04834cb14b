package kb.model;

import java.util.List;
import java.util.Map;

/**
 * A tagged case as stored and served: the shape of {@code kb show --json} and {@code GET /api/cases/{id}}.
 * Field order here is the JSON field order.
 */
public record CaseRecord(
        String id,
        String title,
        String date,
        String industry,
        String organization,
        String trigger,
        String triggerSource,
        double triggerConfidence,
        List<String> triggerEvidence,
        List<String> patterns,
        List<String> systems,
        Map<String, String> sections,
        List<Lesson> lessons,
        List<Source> sources) {

    public static CaseRecord of(Case c, Tagging tagging) {
        return new CaseRecord(c.id(), c.title(), c.date().toString(), c.industry(), c.organization(),
                tagging.trigger().slug(), tagging.source().value(), tagging.confidence(), tagging.evidence(),
                c.patterns(), c.systems(), c.sections(), c.lessons(), c.sources());
    }

    public Trigger triggerEnum() { return Trigger.fromSlug(trigger).orElseThrow(); }

    /** An inferred trigger of low confidence: a reviewer should confirm it (or declare it in the file). */
    public boolean needsTriggerReview() { return Tagging.needsReview(triggerSource, triggerConfidence); }

    public CaseDate caseDate() { return CaseDate.parse(date); }
}
