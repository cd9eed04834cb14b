package kb.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kb.model.Case;
import kb.model.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseParserTest {
    private static final String GOOD = """
            ---
            title: 勘定系システムの障害
            date: 2024-05-31
            industry: 銀行
            organization: 架空銀行
            trigger: special-work
            patterns: [作業手順誤り, 設定誤り]
            systems: [勘定系]
            sources:
              - {publisher: 金融庁, title: "報告: 架空", date: 2024-06, url: https://example.org/a}
            ---
            ## 概要
            夜間の作業で障害が起きた。

            ## 原因
            手順書の誤り。
            ## 影響
            ATM が停止。
            ## 対応
            切り戻した。
            ## 教訓
            - [作業手順のレビュー] 手順書を有識者がレビューする。
            - 作業前に切り戻し条件を決め、
              判断者を明記する。
            """;

    private final CaseParser parser = new CaseParser(Set.of("作業手順のレビュー"));
    private final List<String> warnings = new ArrayList<>();

    private Case parse(String text) throws CaseFileException {
        return parser.parse("2024-05-test", "x.md", text.getBytes(StandardCharsets.UTF_8), (line, msg) -> warnings.add(line + ":" + msg));
    }

    private CaseFileException reject(String text) {
        return assertThrows(CaseFileException.class, () -> parse(text));
    }

    @Test
    void parsesAGoodCase() throws Exception {
        Case c = parse(GOOD);
        assertEquals("勘定系システムの障害", c.title());
        assertEquals("2024-05-31", c.date().toString());
        assertEquals(Trigger.SPECIAL_WORK, c.declaredTrigger());
        assertEquals(List.of("作業手順誤り", "設定誤り"), c.patterns());
        assertEquals("報告: 架空", c.sources().get(0).title());
        assertEquals(List.of("概要", "原因", "影響", "対応", "教訓"), List.copyOf(c.sections().keySet()));
        assertEquals(2, c.lessons().size());
        assertEquals("2024-05-test#L1", c.lessons().get(0).id());
        assertEquals("作業手順のレビュー", c.lessons().get(0).theme());
        assertEquals("手順書を有識者がレビューする。", c.lessons().get(0).text());
        assertEquals("作業前に切り戻し条件を決め、 判断者を明記する。", c.lessons().get(1).text());
        assertNull(c.lessons().get(1).theme());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void acceptsEnglishHeadingsAndMonthDatesAndNoTrigger() throws Exception {
        Case c = parse(GOOD.replace("## 概要", "## Summary").replace("## 教訓", "## Lessons")
                .replace("date: 2024-05-31", "date: 2024-05").replace("trigger: special-work\n", ""));
        assertTrue(c.sections().containsKey("概要"));
        assertEquals(2, c.lessons().size());
        assertEquals("2024-05", c.date().toString());
        assertNull(c.declaredTrigger());
    }

    @Test
    void readsTheHeadingsOtherOrganisationsUseForTheSameSections() throws Exception {
        Case c = parse(GOOD.replace("## 概要", "## 1. 事象の概要").replace("## 原因", "## Root Cause")
                .replace("## 影響", "## お客さまへの影響：").replace("## 対応", "## （４）対応状況").replace("## 教訓", "## 再発防止策"));
        assertEquals(List.of("概要", "原因", "影響", "対応", "教訓"), List.copyOf(c.sections().keySet()));
        assertEquals(2, c.lessons().size());
    }

    @Test
    void addsASectionGivenTwiceToTheFirstWithAWarning() throws Exception {
        Case c = parse(GOOD.replace("## 影響", "## 経緯"));
        assertEquals("夜間の作業で障害が起きた。\n\n\n**経緯**\n\nATM が停止。", c.sections().get("概要"));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("17:") && w.contains("'概要' appears again (first at line 12)")),
                warnings.toString());
    }

    @Test
    void readsTextBeforeTheFirstHeadingAsTheSummary() throws Exception {
        Case noHeadings = parse(GOOD.substring(0, GOOD.indexOf("## 概要")) + "\n夜間バッチが異常終了し、\n開店が遅れた。\n");
        assertEquals("夜間バッチが異常終了し、\n開店が遅れた。", noHeadings.sections().get("概要"));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("13:") && w.contains("read as '## 概要'")), warnings.toString());
        Case both = parse(GOOD.replace("## 概要\n", "前置きの一文。\n## 概要\n"));
        assertTrue(both.sections().get("概要").startsWith("前置きの一文。\n\n"), both.sections().get("概要"));
        assertEquals(List.of("概要", "原因", "影響", "対応", "教訓"), List.copyOf(both.sections().keySet()));
    }

    @Test
    void warnsWithoutLessonsOrSources() throws Exception {
        String text = GOOD.substring(0, GOOD.indexOf("## 教訓")).replaceAll("sources:\\n.*\\n", "");
        Case c = parse(text);
        assertTrue(c.lessons().isEmpty());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("no lessons")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("no sources")), warnings.toString());
    }

    @Test
    void rejectsMissingFrontMatter() {
        assertEquals(1, reject("## 概要\nなし\n").line());
    }

    @Test
    void rejectsUnterminatedFrontMatter() {
        assertTrue(reject("---\ntitle: x\n## 概要\n").getMessage().contains("never closed"));
    }

    @Test
    void rejectsBrokenYamlWithItsLine() {
        CaseFileException e = reject(GOOD.replace("industry: 銀行", "industry: [銀行"));
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        assertTrue(e.line() >= 4, "line " + e.line());
    }

    @Test
    void readsATitleWithAColonAsTextWithAWarning() throws Exception {
        // Other organisations write "title: ポストモーテム: 勘定系DB移行", which YAML reads as a second key.
        Case c = parse(GOOD.replace("title: 勘定系システムの障害", "title: ポストモーテム: 勘定系システムの障害"));
        assertEquals("ポストモーテム: 勘定系システムの障害", c.title());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("2:") && w.contains("': '")), warnings.toString());
        assertTrue(reject(GOOD.replace("industry: 銀行", "industry: [銀行: x")).getMessage().contains("not valid YAML"));
    }

    @Test
    void rejectsMissingRequiredFields() {
        assertTrue(reject(GOOD.replace("title: 勘定系システムの障害\n", "")).getMessage().contains("'title'"));
        assertTrue(reject(GOOD.replace("date: 2024-05-31\n", "")).getMessage().contains("'date'"));
        assertTrue(reject(GOOD.replace("industry: 銀行\n", "")).getMessage().contains("'industry'"));
    }

    @Test
    void rejectsUnknownValuesNamingTheLine() {
        CaseFileException trigger = reject(GOOD.replace("trigger: special-work", "trigger: accident"));
        assertEquals(6, trigger.line());
        assertTrue(trigger.getMessage().contains("accident"));
        CaseFileException industry = reject(GOOD.replace("industry: 銀行", "industry: 農業"));
        assertEquals(4, industry.line());
        CaseFileException typo = reject(GOOD.replace("title:", "tittle:"));
        assertEquals(2, typo.line());
        assertTrue(typo.getMessage().contains("'tittle' a misspelling"), typo.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"2024/5/31, 2024-05-31", "2024.05, 2024-05", "2024年5月31日, 2024-05-31", "２０２４年５月, 2024-05"})
    void readsTheDateFormsOtherReportsUse(String written, String read) throws Exception {
        assertEquals(read, parse(GOOD.replace("date: 2024-05-31", "date: " + written)).date().toString());
    }

    @Test
    void readsCommonNamesOfTheIndustries() throws Exception {
        assertEquals("銀行", parse(GOOD.replace("industry: 銀行", "industry: 地方銀行")).industry());
        assertEquals("保険", parse(GOOD.replace("industry: 銀行", "industry: 損害保険会社")).industry());
    }

    @Test
    void ignoresAnotherOrganisationsOwnKeysWithAWarning() throws Exception {
        Case c = parse(GOOD.replace("industry: 銀行", "industry: 銀行\nseverity: 重大\nauthor: システム部"));
        assertEquals("勘定系システムの障害", c.title());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("5:") && w.contains("'severity' is ignored")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("6:") && w.contains("'author' is ignored")), warnings.toString());
    }

    @Test
    void rejectsBadDates() {
        assertTrue(reject(GOOD.replace("2024-05-31", "2024-13-01")).getMessage().contains("no such date"));
        assertTrue(reject(GOOD.replace("2024-05-31", "2024-02-30")).getMessage().contains("no such date"));
        assertTrue(reject(GOOD.replace("2024-05-31", "31/05/2024")).getMessage().contains("YYYY-MM"));
        assertTrue(reject(GOOD.replace("2024-05-31", "2024年2月30日")).getMessage().contains("no such date"));
    }

    @Test
    void keepsAnUnknownSectionInTheSectionBeforeItWithAWarning() throws Exception {
        Case c = parse(GOOD.replace("## 影響", "## 時系列\n- 02:00 作業開始\n## 影響"));
        assertEquals("手順書の誤り。\n\n**時系列**\n\n- 02:00 作業開始", c.sections().get("原因"));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("17:") && w.contains("'時系列'") && w.contains("'## 原因'")),
                warnings.toString());
        assertEquals(List.of("概要", "原因", "影響", "対応", "教訓"), List.copyOf(c.sections().keySet()));
    }

    @Test
    void keepsAnUnknownFirstSectionInTheSummary() throws Exception {
        Case c = parse(GOOD.replace("## 概要\n", "## よかったこと\n早く気づいた。\n## 概要\n"));
        assertEquals("**よかったこと**\n\n早く気づいた。\n\n夜間の作業で障害が起きた。", c.sections().get("概要"));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("12:") && w.contains("'よかったこと'") && w.contains("'## 概要'")),
                warnings.toString());
        assertTrue(warnings.stream().noneMatch(w -> w.contains("before the first section heading")), warnings.toString());
    }

    @Test
    void readsHeadingsAndListsAsMarkdownDoesNotLineByLine() throws Exception {
        Case c = parse(GOOD.replace("手順書の誤り。\n", "手順書の誤り。\n```\n## 手順書の見出し\n- 手順1\n```\n")
                .replace("- 作業前に", "- 入れ子の教訓:\n  - 子の一つ目\n  - 子の二つ目\n- 作業前に"));
        assertEquals("手順書の誤り。\n```\n## 手順書の見出し\n- 手順1\n```", c.sections().get("原因"));
        assertEquals(3, c.lessons().size(), c.lessons().toString());
        assertEquals("入れ子の教訓:\n- 子の一つ目\n- 子の二つ目", c.lessons().get(1).text());
        assertEquals("2024-05-test#L3", c.lessons().get(2).id());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void readsNumberedListsAsLessonsAndNamesTheirLines() throws Exception {
        Case c = parse(GOOD.replace("- [作業手順のレビュー] 手順書", "1. [気をつける] 手順書").replace("- 作業前に", "2. 作業前に"));
        assertEquals(2, c.lessons().size());
        assertEquals("作業前に切り戻し条件を決め、 判断者を明記する。", c.lessons().get(1).text());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("22:") && w.contains("気をつける")), warnings.toString());
    }

    @Test
    void rejectsYamlAnchorsAndAliasesNamingTheLine() {
        CaseFileException alias = reject(GOOD.replace("systems: [勘定系]", "systems: *i"));
        assertEquals(8, alias.line());
        assertTrue(alias.getMessage().contains("alias '*i'"), alias.getMessage());
        CaseFileException anchor = reject(GOOD.replace("patterns: [", "patterns: &i ["));
        assertEquals(7, anchor.line());
        assertTrue(anchor.getMessage().contains("anchor '&i'"), anchor.getMessage());
    }

    @Test
    void keepsALessonWithAnUnknownThemeAndWarnsWithItsLine() throws Exception {
        Case c = parse(GOOD.replace("[作業手順のレビュー]", "[気をつける]"));
        assertEquals("[気をつける] 手順書を有識者がレビューする。", c.lessons().get(0).text());
        assertNull(c.lessons().get(0).theme());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("22:") && w.contains("気をつける")), warnings.toString());
    }

    @Test
    void rejectsTextThatIsNotUtf8WithItsLine() {
        byte[] sjis = GOOD.replace("夜間の作業", "\u0000").getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[sjis.length];
        System.arraycopy(sjis, 0, bad, 0, sjis.length);
        int zero = new String(sjis, StandardCharsets.ISO_8859_1).indexOf('\u0000');
        bad[zero] = (byte) 0x82; // a lone Shift_JIS lead byte
        CaseFileException e = assertThrows(CaseFileException.class,
                () -> parser.parse("x", "x.md", bad, (l, m) -> {}));
        assertTrue(e.getMessage().contains("UTF-8"));
        assertEquals(13, e.line());
    }

    @Test
    void rejectsOversizedFilesAndBadIds() {
        byte[] big = new byte[CaseParser.MAX_BYTES + 1];
        assertTrue(assertThrows(CaseFileException.class, () -> parser.parse("big", "big.md", big, (l, m) -> {}))
                .getMessage().contains("1 MiB"));
        assertTrue(assertThrows(CaseFileException.class, () -> parser.parse("Bad_Name", "Bad_Name.md", GOOD.getBytes(StandardCharsets.UTF_8), (l, m) -> {}))
                .getMessage().contains("lowercase"));
    }
}
