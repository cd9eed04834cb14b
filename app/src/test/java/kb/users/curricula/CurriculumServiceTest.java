package kb.users.curricula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import kb.model.CaseRecord;
import kb.users.AuditLog;
import kb.users.Fixture;
import kb.users.UsersException.ForbiddenException;
import kb.users.UsersException.NotFoundException;
import kb.users.UsersException.UnauthorizedException;
import kb.users.UsersException.ValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurriculumServiceTest {
    private static final String BATCH = "2021-02-batch-capacity";
    private static final String RELAY = "2023-10-relay-replacement";
    private static final String DEPLOY = "2012-08-trading-deploy";

    @TempDir
    Path dir;
    Fixture fx;
    CurriculumService curricula;

    @BeforeEach
    void open() throws Exception {
        fx = Fixture.createWithCopy(dir);
        curricula = new CurriculumService(fx.db, fx.access, fx.live(), fx.clock);
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private static CurriculumDraft draft(String title, List<String> cases) {
        return new CurriculumDraft(title, "新任の運用担当者", List.of("特殊作業の危険を説明できる", "変更前の確認項目を挙げられる"),
                List.of(new Module("特殊作業と移行", cases, "各事例を10分で読む", List.of("自社で同じことは起こるか？", "誰が承認するか？")),
                        new Module("まとめ", List.of(), "", List.of())));
    }

    @Test
    void createsGetsReplacesAndLists() {
        Curriculum created = curricula.create(Fixture.TRAINER, draft("移行の基礎", List.of(BATCH, RELAY, DEPLOY)));
        assertEquals("移行の基礎", created.title());
        assertEquals("toru", created.createdBy());
        assertEquals(List.of(BATCH, RELAY, DEPLOY), created.modules().get(0).caseIds());
        assertEquals(List.of("自社で同じことは起こるか？", "誰が承認するか？"), created.modules().get(0).questions());
        assertEquals(created, curricula.get(null, created.id()));

        // Reordering is a replace with the new order (PUT semantics: what is not given is gone).
        Curriculum replaced = curricula.replace(Fixture.TRAINER, created.id(), new CurriculumDraft("移行の基礎 改訂",
                null, null, List.of(new Module("特殊作業と移行", List.of(DEPLOY, BATCH, RELAY), null, null))));
        assertEquals(List.of(DEPLOY, BATCH, RELAY), replaced.modules().get(0).caseIds());
        assertEquals("", replaced.audience());
        assertEquals(List.of(), replaced.objectives());
        assertEquals(1, replaced.modules().size());
        assertEquals(created.createdAt(), replaced.createdAt());
        assertEquals(replaced, curricula.get(null, created.id()));

        Curriculum second = curricula.create(Fixture.ADMIN, draft("二つ目", List.of()));
        assertEquals(List.of(second.id(), created.id()), curricula.list(null).stream().map(Curriculum::id).toList());
        assertThrows(NotFoundException.class, () -> curricula.get(null, 999));
        assertThrows(NotFoundException.class, () -> curricula.replace(Fixture.TRAINER, 999, draft("x", List.of())));
    }

    @Test
    void writesNeedTheTrainerRoleAndReadsMayNeedLogin() {
        assertThrows(UnauthorizedException.class, () -> curricula.create(null, draft("x", List.of())));
        assertThrows(ForbiddenException.class, () -> curricula.create(Fixture.REVIEWER, draft("x", List.of())));
        long id = curricula.create(Fixture.TRAINER, draft("x", List.of())).id();
        assertThrows(ForbiddenException.class, () -> curricula.replace(Fixture.READER, id, draft("y", List.of())));
        assertEquals("x", curricula.get(null, id).title());

        fx.access.setLoginRequiredForReading(Fixture.ADMIN, true);
        assertThrows(UnauthorizedException.class, () -> curricula.get(null, id));
        assertThrows(UnauthorizedException.class, () -> curricula.list(null));
        assertEquals("x", curricula.get(Fixture.READER, id).title());
    }

    @Test
    void refusesBadInputNamingTheFieldAndWritesNothing() {
        long id = curricula.create(Fixture.TRAINER, draft("元の題", List.of(BATCH))).id();
        Curriculum before = curricula.get(null, id);
        int audited = new AuditLog(fx.db).list(Fixture.ADMIN, 0, 200).size();

        assertEquals("title", field(() -> curricula.replace(Fixture.TRAINER, id, draft(" ", List.of()))));
        assertEquals("title", field(() -> curricula.replace(Fixture.TRAINER, id, draft("題".repeat(201), List.of()))));
        assertEquals("modules[0].caseIds[1]", field(() -> curricula.replace(Fixture.TRAINER, id, draft("t", List.of(BATCH, "no-such-case")))));
        assertEquals("modules[0].caseIds[1]", field(() -> curricula.replace(Fixture.TRAINER, id, draft("t", List.of(BATCH, BATCH)))));
        assertEquals("modules[0].caseIds", field(() -> curricula.replace(Fixture.TRAINER, id,
                draft("t", Collections.nCopies(CurriculumService.MAX_CASES + 1, BATCH)))));
        assertEquals("modules[0].title", field(() -> curricula.replace(Fixture.TRAINER, id,
                new CurriculumDraft("t", "", List.of(), List.of(new Module("", List.of(), "", List.of()))))));
        assertEquals("modules[0].note", field(() -> curricula.replace(Fixture.TRAINER, id,
                new CurriculumDraft("t", "", List.of(), List.of(new Module("m", List.of(), "あ".repeat(2001), List.of()))))));
        assertEquals("modules[0].questions[1]", field(() -> curricula.replace(Fixture.TRAINER, id,
                new CurriculumDraft("t", "", List.of(), List.of(new Module("m", List.of(), "", Arrays.asList("q", " ")))))));
        assertEquals("objectives[0]", field(() -> curricula.replace(Fixture.TRAINER, id,
                new CurriculumDraft("t", "", List.of("o".repeat(501)), List.of()))));
        List<Module> many = new ArrayList<>(Collections.nCopies(CurriculumService.MAX_MODULES + 1, new Module("m", List.of(), "", List.of())));
        assertEquals("modules", field(() -> curricula.replace(Fixture.TRAINER, id, new CurriculumDraft("t", "", List.of(), many))));
        assertEquals("title", field(() -> curricula.create(Fixture.TRAINER, null)));

        ValidationException unknown = assertThrows(ValidationException.class,
                () -> curricula.replace(Fixture.TRAINER, id, draft("t", List.of(BATCH, "定期預金の移行"))));
        assertEquals("モジュール 1 の事例 2: 「定期預金の移行」は事例集にありません。", unknown.getMessage(), "Japanese, as the form labels it");
        assertEquals("caseIds", field(() -> curricula.addCases(Fixture.TRAINER, id, 0, null, List.of())));
        assertEquals("modules[0].caseIds[1]", field(() -> curricula.addCases(Fixture.TRAINER, id, 0, null, List.of("no-such-case"))));
        assertEquals("module", field(() -> curricula.addCases(Fixture.TRAINER, id, 5, null, List.of(RELAY))));
        assertEquals("newModule", field(() -> curricula.addCases(Fixture.TRAINER, id, -1, " ", List.of(RELAY))));

        assertEquals(before, curricula.get(null, id));
        assertEquals(audited, new AuditLog(fx.db).list(Fixture.ADMIN, 0, 200).size());
        assertEquals(1, curricula.list(null).size());
    }

    @Test
    void casesAreAddedToAModuleOrANewOneSkippingThoseItHas() {
        long id = curricula.create(Fixture.TRAINER, draft("題", List.of(BATCH))).id();
        Curriculum c = curricula.addCases(Fixture.TRAINER, id, 0, null, List.of(RELAY, BATCH, DEPLOY));
        assertEquals(List.of(BATCH, RELAY, DEPLOY), c.modules().get(0).caseIds());
        assertEquals("各事例を10分で読む", c.modules().get(0).note(), "the rest of the module is kept");
        c = curricula.addCases(Fixture.TRAINER, id, -1, "追加の章", List.of(RELAY));
        assertEquals(3, c.modules().size());
        assertEquals(new Module("追加の章", List.of(RELAY), "", List.of()), c.modules().get(2));
        assertThrows(kb.users.UsersException.ForbiddenException.class, () -> curricula.addCases(Fixture.REVIEWER, id, 0, null, List.of(RELAY)));
    }

    @Test
    void exportsMarkdownWithEachCasesSummaryCauseLessonsAndTheQuestions() throws Exception {
        Curriculum cur = curricula.create(Fixture.TRAINER, draft("移行の基礎", List.of(RELAY, BATCH)));
        CaseRecord batch = fx.kb().find(BATCH).orElseThrow();
        CaseRecord relay = fx.kb().find(RELAY).orElseThrow();

        String md = CurriculumExport.markdown(cur, fx.kb());
        assertTrue(md.startsWith("# 移行の基礎\n"), md);
        assertTrue(md.contains("- 特殊作業の危険を説明できる\n"), md);
        assertTrue(md.contains("## 1. 特殊作業と移行\n\n> 講師メモ: 各事例を10分で読む"), md);
        assertTrue(md.contains("**出典**\n\n- テスト用の架空の出典「架空の報告書」（2025-01）"), md);
        assertTrue(md.indexOf("### " + relay.title()) < md.indexOf("### " + batch.title()), md);
        assertTrue(md.contains(batch.sections().get("概要").strip()), md);
        assertTrue(md.contains(batch.sections().get("原因").strip()), md);
        assertFalse(md.contains(batch.sections().get("影響").strip()), md);
        batch.lessons().forEach(l -> assertTrue(md.contains("- " + l.text()), l.text()));
        assertTrue(md.contains("1. 自社で同じことは起こるか？\n2. 誰が承認するか？\n"), md);
        assertTrue(md.contains("## 2. まとめ"), md);

        Files.delete(fx.corpusCopy().resolve("a/" + BATCH + ".md"));
        fx.reingest(fx.corpusCopy());
        String after = CurriculumExport.markdown(curricula.get(null, cur.id()), fx.kb());
        assertTrue(after.contains("### " + BATCH + "（事例集から削除済み）"), after);
    }

    private static String field(Runnable action) {
        return assertThrows(ValidationException.class, action::run).field();
    }
}
