package kb.users.check;

import java.util.List;
import kb.model.Lesson;
import kb.search.SimilarCase.SharedTerm;

/** A past case like a planned change: its lessons, and the shared words that made it match. */
public record CheckMatch(String caseId, String title, String date, String trigger, float score,
                         List<SharedTerm> sharedTerms, List<Lesson> lessons) {}
