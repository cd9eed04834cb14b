package kb.users.curricula;

import java.util.List;

/** One teaching unit: cases to study in this order, a note for the trainer, questions to discuss. */
public record Module(String title, List<String> caseIds, String note, List<String> questions) {}
