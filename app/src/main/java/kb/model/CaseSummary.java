package kb.model;

/** A case as a line of a list shows it. */
public record CaseSummary(String id, String title, String date, String industry, String trigger) {
    public Trigger triggerEnum() { return Trigger.fromSlug(trigger).orElseThrow(); }
}
