package kb.users.curricula;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import kb.model.CaseRecord;
import kb.store.Json;
import kb.store.KnowledgeBase;
import kb.users.Access;
import kb.users.AuditLog;
import kb.users.Fields;
import kb.users.Listing;
import kb.users.Role;
import kb.users.Timestamps;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.UsersException.NotFoundException;
import kb.users.UsersException.ValidationException;

/**
 * Training curricula built from casebook cases. Writes need the trainer role. A curriculum is always
 * read and replaced whole, so its objectives and modules are kept as JSON in its row.
 */
public final class CurriculumService {
    public static final int MAX_TITLE = 200;
    public static final int MAX_AUDIENCE = 200;
    public static final int MAX_ITEM = 500;
    public static final int MAX_NOTE = 2000;
    public static final int MAX_OBJECTIVES = 30;
    public static final int MAX_MODULES = 50;
    public static final int MAX_CASES = 50;
    public static final int MAX_QUESTIONS = 30;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<Module>> MODULES = new TypeReference<>() {};

    private final UsersDatabase db;
    private final Access access;
    private final Supplier<KnowledgeBase> knowledgeBase;
    private final Clock clock;

    /** {@code knowledgeBase} answers the live one at each call: an ingest may replace it while the server runs. */
    public CurriculumService(UsersDatabase db, Access access, Supplier<KnowledgeBase> knowledgeBase, Clock clock) {
        this.db = db;
        this.access = access;
        this.knowledgeBase = knowledgeBase;
        this.clock = clock;
    }

    public Curriculum create(User actor, CurriculumDraft draft) {
        Access.require(actor, Role.TRAINER, "カリキュラムの作成");
        CurriculumDraft d = checked(draft);
        String now = Timestamps.format(clock.instant());
        return db.write(c -> {
            long id;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO curricula (title, audience, objectives, modules, "
                    + "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                st.setString(1, d.title());
                st.setString(2, d.audience());
                st.setString(3, json(d.objectives()));
                st.setString(4, json(d.modules()));
                st.setString(5, actor.name());
                st.setString(6, now);
                st.setString(7, now);
                try (ResultSet rs = st.executeQuery()) {
                    id = rs.getLong(1);
                }
            }
            AuditLog.record(c, actor, "curriculum.create", String.valueOf(id), d.title());
            return load(c, id);
        });
    }

    /** Replaces everything but the id and creation (PUT): reordering cases or modules is a replace. */
    public Curriculum replace(User actor, long id, CurriculumDraft draft) {
        Access.require(actor, Role.TRAINER, "カリキュラムの編集");
        CurriculumDraft d = checked(draft);
        return db.write(c -> update(c, actor, id, d));
    }

    /**
     * Appends cases to module {@code module} (0-based) of a curriculum, or to a new module titled
     * {@code newModuleTitle} when {@code module} is negative; cases the module already holds are skipped.
     * Read and written in one transaction, so a trainer editing the same curriculum meanwhile loses nothing.
     */
    public Curriculum addCases(User actor, long id, int module, String newModuleTitle, List<String> caseIds) {
        Access.require(actor, Role.TRAINER, "カリキュラムの編集");
        if (caseIds == null || caseIds.isEmpty()) {
            throw new ValidationException("caseIds", "事例", "追加する事例を 1 つ以上選んでください。");
        }
        return db.write(c -> {
            Curriculum cur = load(c, id);
            List<Module> modules = new ArrayList<>(cur.modules());
            if (module < 0) {
                String title = Fields.required("newModule", "新しいモジュールの名前", newModuleTitle, MAX_TITLE);
                modules.add(new Module(title, List.of(), "", List.of()));
            } else if (module >= modules.size()) {
                throw new ValidationException("module", "モジュール", "「" + cur.title() + "」にモジュール " + (module + 1) + " はありません。");
            }
            int m = module < 0 ? modules.size() - 1 : module;
            Module target = modules.get(m);
            List<String> ids = new ArrayList<>(target.caseIds());
            for (String caseId : caseIds) {
                String stripped = caseId == null ? "" : caseId.strip();
                if (!ids.contains(stripped)) {
                    ids.add(stripped);
                }
            }
            modules.set(m, new Module(target.title(), ids, target.note(), target.questions()));
            return update(c, actor, id, checked(new CurriculumDraft(cur.title(), cur.audience(), cur.objectives(), modules)));
        });
    }

    private Curriculum update(Connection c, User actor, long id, CurriculumDraft d) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE curricula SET title = ?, audience = ?, objectives = ?, modules = ?, updated_at = ? WHERE id = ?")) {
            st.setString(1, d.title());
            st.setString(2, d.audience());
            st.setString(3, json(d.objectives()));
            st.setString(4, json(d.modules()));
            st.setString(5, Timestamps.format(clock.instant()));
            st.setLong(6, id);
            if (st.executeUpdate() == 0) {
                throw notFound(id);
            }
        }
        AuditLog.record(c, actor, "curriculum.replace", String.valueOf(id), d.title());
        return load(c, id);
    }

    public Curriculum get(User actor, long id) {
        access.requireRead(actor);
        return db.read(c -> load(c, id));
    }

    /** Every curriculum, most recently updated first. */
    public List<Curriculum> list(User actor) {
        access.requireRead(actor);
        return db.read(c -> {
            List<Curriculum> all = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(SELECT + " ORDER BY updated_at DESC, id DESC");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    all.add(curriculum(rs));
                }
            }
            return all;
        });
    }

    /** One page of the curricula, most recently updated first: {@code limit} (1–{@value Listing#MAX_LIMIT}) from {@code offset}. */
    public Listing<Curriculum> list(User actor, int offset, int limit) {
        access.requireRead(actor);
        Fields.range("offset", "開始位置", offset, 0, Integer.MAX_VALUE);
        Fields.range("limit", "件数", limit, 1, Listing.MAX_LIMIT);
        return db.read(c -> {
            long total;
            try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM curricula"); ResultSet rs = st.executeQuery()) {
                total = rs.getLong(1);
            }
            List<Curriculum> page = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(SELECT + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?")) {
                st.setInt(1, limit);
                st.setInt(2, offset);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        page.add(curriculum(rs));
                    }
                }
            }
            return new Listing<>(total, offset, page);
        });
    }

    /** The draft stripped and checked; every case id must be in the live casebook. */
    private CurriculumDraft checked(CurriculumDraft draft) {
        if (draft == null) {
            throw new ValidationException("title", "タイトル", "入力してください。");
        }
        KnowledgeBase kb = knowledgeBase.get();
        List<Module> modules = new ArrayList<>();
        List<Module> given = Fields.list("modules", "モジュール", draft.modules(), MAX_MODULES);
        for (int m = 0; m < given.size(); m++) {
            String field = "modules[" + m + "]";
            String label = "モジュール " + (m + 1);
            Module module = given.get(m);
            if (module == null) {
                throw new ValidationException(field, label, "中身がありません。");
            }
            List<String> caseIds = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<String> ids = Fields.list(field + ".caseIds", label + " の事例", module.caseIds(), MAX_CASES);
            for (int i = 0; i < ids.size(); i++) {
                String caseLabel = label + " の事例 " + (i + 1);
                String id = Fields.required(field + ".caseIds[" + i + "]", caseLabel, ids.get(i), MAX_ITEM);
                CaseRecord found = kb.find(id).orElse(null);
                if (found == null) {
                    throw new ValidationException(field + ".caseIds[" + i + "]", caseLabel, "「" + id + "」は事例集にありません。");
                }
                if (!seen.add(id)) {
                    throw new ValidationException(field + ".caseIds[" + i + "]", caseLabel,
                            "「" + found.title() + "」がこのモジュールに 2 回入っています。");
                }
                caseIds.add(id);
            }
            modules.add(new Module(Fields.required(field + ".title", label + " の名前", module.title(), MAX_TITLE),
                    List.copyOf(caseIds),
                    Fields.optional(field + ".note", label + " の講師メモ", module.note(), MAX_NOTE),
                    items(field + ".questions", label + " の討議のための問い", module.questions(), MAX_QUESTIONS)));
        }
        return new CurriculumDraft(Fields.required("title", "タイトル", draft.title(), MAX_TITLE),
                Fields.optional("audience", "対象者", draft.audience(), MAX_AUDIENCE),
                items("objectives", "学習目標", draft.objectives(), MAX_OBJECTIVES), List.copyOf(modules));
    }

    /** A list of short texts, each stripped; blank ones are refused rather than kept as empty bullets. */
    private static List<String> items(String field, String label, List<String> values, int max) {
        List<String> given = Fields.list(field, label, values, max);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            items.add(Fields.required(field + "[" + i + "]", label + " " + (i + 1) + " 行目", given.get(i), MAX_ITEM));
        }
        return List.copyOf(items);
    }

    private static final String SELECT =
            "SELECT id, title, audience, objectives, modules, created_by, created_at, updated_at FROM curricula";

    private static Curriculum load(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SELECT + " WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw notFound(id);
                }
                return curriculum(rs);
            }
        }
    }

    private static Curriculum curriculum(ResultSet rs) throws SQLException {
        try {
            return new Curriculum(rs.getLong(1), rs.getString(2), rs.getString(3),
                    Json.MAPPER.readValue(rs.getString(4), STRINGS), Json.MAPPER.readValue(rs.getString(5), MODULES),
                    rs.getString(6), Timestamps.parse(rs.getString(7)), Timestamps.parse(rs.getString(8)));
        } catch (JsonProcessingException e) {
            throw new SQLException("curriculum " + rs.getLong(1) + " is damaged: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(Object value) throws SQLException {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException(e);
        }
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("カリキュラム " + id + " はありません。");
    }
}
