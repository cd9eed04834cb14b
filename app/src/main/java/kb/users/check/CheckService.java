package kb.users.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import kb.model.CaseRecord;
import kb.search.SimilarCase;
import kb.store.KnowledgeBase;
import kb.users.Access;
import kb.users.Fields;
import kb.users.User;

/** The pre-change check: which past failures look like the change being planned, and what they taught. */
public final class CheckService {
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_LIMIT = 50;
    /** The shared terms shown per case: enough to see why, few enough to read. */
    private static final int MAX_TERMS = 10;

    private final Access access;
    private final Supplier<KnowledgeBase> knowledgeBase;

    /** {@code knowledgeBase} answers the live one at each call: an ingest may replace it while the server runs. */
    public CheckService(Access access, Supplier<KnowledgeBase> knowledgeBase) {
        this.access = access;
        this.knowledgeBase = knowledgeBase;
    }

    /** The {@code limit} (1–{@value #MAX_LIMIT}) cases most like {@code changeText}, best first. */
    public List<CheckMatch> check(User actor, String changeText, int limit) {
        access.requireRead(actor);
        String text = Fields.required("text", changeText, MAX_TEXT);
        Fields.range("limit", limit, 1, MAX_LIMIT);
        KnowledgeBase kb = knowledgeBase.get();
        List<SimilarCase> similar;
        try {
            similar = kb.searcher().similarTo(text, limit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the knowledge base: " + e.getMessage(), e);
        }
        List<CheckMatch> matches = new ArrayList<>();
        for (SimilarCase s : similar) {
            CaseRecord c = kb.find(s.hit().id()).orElseThrow();
            matches.add(new CheckMatch(c.id(), c.title(), c.date(), c.trigger(), s.hit().score(),
                    s.sharedTerms().subList(0, Math.min(MAX_TERMS, s.sharedTerms().size())), c.lessons()));
        }
        return matches;
    }
}
