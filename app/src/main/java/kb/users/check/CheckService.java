package kb.users.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import kb.model.CaseRecord;
import kb.search.SimilarCase;
import kb.store.KnowledgeBase;
import kb.users.Access;
import kb.users.AuditLog;
import kb.users.Fields;
import kb.users.Timestamps;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.UsersException.NotFoundException;
import kb.users.UsersException.UnauthorizedException;

/**
 * The pre-change check: which past failures look like the change being planned, and what they taught.
 * A signed-in user's check is saved, so its result has an address to reopen, share and cite from a ticket.
 */
public final class CheckService {
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_LIMIT = 50;
    public static final String TEXT_LABEL = "変更の内容";
    public static final String LIMIT_LABEL = "表示件数";
    /** The shared terms shown per case: enough to see why, few enough to read. */
    private static final int MAX_TERMS = 10;

    private final UsersDatabase db;
    private final Access access;
    private final Supplier<KnowledgeBase> knowledgeBase;
    private final Clock clock;

    /** {@code knowledgeBase} answers the live one at each call: an ingest may replace it while the server runs. */
    public CheckService(UsersDatabase db, Access access, Supplier<KnowledgeBase> knowledgeBase, Clock clock) {
        this.db = db;
        this.access = access;
        this.knowledgeBase = knowledgeBase;
        this.clock = clock;
    }

    /** The {@code limit} (1–{@value #MAX_LIMIT}) cases most like {@code changeText}, best first. */
    public List<CheckMatch> check(User actor, String changeText, int limit) {
        access.requireRead(actor);
        String text = checkedText(changeText);
        Fields.range("limit", LIMIT_LABEL, limit, 1, MAX_LIMIT);
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

    /**
     * Keeps a check's text for any signed-in user; the same text and limit saved again is the same check,
     * so its address stays one.
     */
    public SavedCheck save(User actor, String changeText, int limit) {
        if (actor == null) {
            throw new UnauthorizedException("変更前チェックの保存にはログインが必要です。");
        }
        String text = checkedText(changeText);
        Fields.range("limit", LIMIT_LABEL, limit, 1, MAX_LIMIT);
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement(SavedCheck.SELECT + " WHERE text = ? AND result_limit = ?")) {
                st.setString(1, text);
                st.setInt(2, limit);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        return SavedCheck.of(rs);
                    }
                }
            }
            long id;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO checks (text, result_limit, created_by, created_at) "
                    + "VALUES (?, ?, ?, ?) RETURNING id")) {
                st.setString(1, text);
                st.setInt(2, limit);
                st.setString(3, actor.name());
                st.setString(4, Timestamps.format(clock.instant()));
                try (ResultSet rs = st.executeQuery()) {
                    id = rs.getLong(1);
                }
            }
            AuditLog.record(c, actor, "check.save", String.valueOf(id), text);
            return SavedCheck.load(c, id).orElseThrow();
        });
    }

    public SavedCheck saved(User actor, long id) {
        access.requireRead(actor);
        return db.read(c -> SavedCheck.load(c, id))
                .orElseThrow(() -> new NotFoundException("保存された変更前チェック " + id + " はありません。"));
    }

    private static String checkedText(String text) {
        return Fields.required("text", TEXT_LABEL, text, MAX_TEXT);
    }
}
