package kb.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kb.TestCorpus;
import kb.corpus.CorpusReader;
import kb.ingest.Ingest;
import kb.model.Case;
import kb.model.CaseRecord;
import kb.model.Tagging;
import kb.model.Trigger;
import kb.store.IndexDirectory;
import kb.store.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriggerTaggerTest {
    private static final List<Case> CORPUS = read();

    private static List<Case> read() {
        try {
            return CorpusReader.read(List.of(TestCorpus.dir()), null).cases();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "攻撃者がフィッシングメールで従業員の端末をマルウェアに感染させ、認証情報を窃取して不正送金した。, ATTACK",
            "新システムへの移行と勘定系の統合に伴い、流用した仕様の差異から稼働開始後に取引が失敗した。, INTEGRATION",
            "日常の運用中にハードウェアが故障し、冗長構成の待機系に切り替わらず復旧が遅れた。, OPERATIONS",
            "普段と異なる臨時のメンテナンス作業で、作業者が手順書の誤りに気づかず設定変更を誤った。, SPECIAL_WORK",
    })
    void predictsTheTriggerOfTypicalTexts(String text, Trigger expected) {
        TriggerModel model = TriggerModel.train(CORPUS.stream()
                .map(c -> new TriggerModel.Example(TriggerFeatures.of(c.fullText()), c.declaredTrigger())).toList());
        TriggerModel.Prediction p = model.predict(TriggerFeatures.of(text));
        assertEquals(expected, p.trigger(), p.probabilities().toString());
        assertTrue(p.confidence() > 0.25 && p.confidence() <= 1.0);
        assertFalse(p.evidence().isEmpty());
        double sum = p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-9);
    }

    @Test
    void theBuiltInKnowledgeGivesAModelWithoutCorpusAVoice() {
        TriggerModel empty = TriggerModel.train(List.of());
        assertEquals(Trigger.ATTACK, empty.predict(TriggerFeatures.of("ランサムウェアに感染し攻撃者に窃取された")).trigger());
    }

    @Test
    void declaredTriggersWinAndCarryEvidence() {
        TriggerTagger tagger = TriggerTagger.train(CORPUS);
        for (Case c : CORPUS) {
            Tagging t = tagger.tag(c).tagging();
            assertEquals(c.declaredTrigger(), t.trigger());
            assertEquals(Tagging.Source.DECLARED, t.source());
        }
    }

    @Test
    void evidenceIsQuotedFromTheReportsOwnText() {
        TriggerTagger tagger = TriggerTagger.train(CORPUS);
        for (Case c : CORPUS) {
            for (Tagging t : List.of(tagger.tag(c).tagging(), tagger.tag(c).model())) {
                assertFalse(t.evidence().isEmpty(), c.id());
                for (String quote : t.evidence()) {
                    for (String part : quote.split("…")) {
                        assertTrue(c.fullText().contains(part), c.id() + ": '" + part + "' not in the text");
                    }
                    assertTrue(t.evidence().stream().noneMatch(other -> other != quote && other.contains(quote)),
                            c.id() + ": '" + quote + "' repeats inside longer evidence " + t.evidence());
                }
            }
        }
    }

    @Test
    void aCorpusWithoutDeclaredTriggersIsTaggedWithTheShippedCasebooksModel(@TempDir Path tmp) throws Exception {
        Path own = TestCorpus.copyTo(tmp.resolve("own"));
        try (var files = Files.walk(own)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                Files.writeString(f, Files.readString(f).replaceAll("(?m)^trigger: .*\\n", ""));
            }
        }
        Ingest.Report report = Ingest.run(new Ingest.Options(List.of(own), tmp.resolve("index"), TestCorpus.dir()));
        assertEquals(8, report.cases());
        assertTrue(report.declared().isEmpty());
        assertEquals(8, report.inferred().values().stream().mapToInt(Integer::intValue).sum());
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(tmp.resolve("index")))) {
            CaseRecord ddos = kb.find("2025-01-bank-ddos").orElseThrow();
            assertEquals("inferred", ddos.triggerSource());
            assertEquals("attack", ddos.trigger());
            assertTrue(ddos.triggerConfidence() > 0.5 && ddos.triggerConfidence() <= 1, String.valueOf(ddos.triggerConfidence()));
            assertFalse(ddos.triggerEvidence().isEmpty());
        }
    }

    @Test
    void tagsUnseenReportsInAnotherStyleWithTheShippedCasebooksModel(@TempDir Path tmp) throws Exception {
        Path shipped = Path.of(System.getProperty("kb.home", ".")).resolve("corpus");
        Path reports = resource("/unseen-reports");
        Ingest.Report report = Ingest.run(new Ingest.Options(List.of(reports), tmp, shipped));
        assertEquals(12, report.cases());
        int correct = 0;
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(tmp))) {
            for (CaseRecord c : TestCorpus.cases(kb)) {
                assertEquals("inferred", c.triggerSource());
                if (c.id().startsWith(c.trigger() + "-")) {
                    correct++;
                }
            }
        }
        assertTrue(correct >= 11, correct + " of 12 unseen reports tagged as a reader would");
    }

    /**
     * The target: at least 95 % on unseen, realistic reports. The held-out sets (tagger-reports/test
     * and /fresh) were written by writers who saw neither the casebook nor the tagger, and never tuned it.
     */
    @Test
    void tagsTheHeldOutReportsOfOtherWritersAsTheTargetAsks() throws Exception {
        Path shipped = Path.of(System.getProperty("kb.home", ".")).resolve("corpus");
        List<Case> casebook = CorpusReader.read(List.of(shipped), shipped.resolve("themes.yaml")).cases();
        CorpusReader.Result held = CorpusReader.read(
                List.of(resource("/tagger-reports/test"), resource("/tagger-reports/fresh")), null);
        assertEquals(0, held.rejectedFiles(), held.problems().toString());
        TaggerEvaluation.Report r = TaggerEvaluation.heldOut(casebook, held.cases());
        assertEquals(112, r.cases());
        assertTrue(r.accuracy() >= 0.95, r.correct() + "/" + r.cases() + ", missed: " + r.misses());
    }

    @Test
    void theExampleReportsAllParseAndTeachEveryTrigger() {
        Map<Trigger, Long> perTrigger = TriggerExamples.ALL.stream()
                .collect(Collectors.groupingBy(Case::declaredTrigger, Collectors.counting()));
        for (Trigger t : Trigger.values()) {
            assertTrue(perTrigger.getOrDefault(t, 0L) >= 40, t + ": " + perTrigger);
        }
        assertEquals(TriggerExamples.ALL.size(), TriggerExamples.FEATURES.size());
    }

    private static Path resource(String name) throws Exception {
        return Path.of(TriggerTaggerTest.class.getResource(name).toURI());
    }

    @Test
    void ingestListsTheInferredTriggersWorthAReviewersLook(@TempDir Path tmp) throws Exception {
        Path reports = Files.createDirectories(tmp.resolve("reports"));
        try (var files = Files.list(resource("/tagger-reports/test"))) {
            for (Path f : files.toList()) {
                Files.writeString(reports.resolve(f.getFileName()), Files.readString(f).replaceAll("(?m)^trigger: .*\\n", ""));
            }
        }
        Ingest.Report report = Ingest.run(new Ingest.Options(List.of(reports), tmp.resolve("index"),
                Path.of(System.getProperty("kb.home", ".")).resolve("corpus")));
        assertFalse(report.toReview().isEmpty());
        double previous = 0;
        for (Ingest.ToReview c : report.toReview()) {
            assertEquals("inferred", c.triggerSource());
            assertTrue(Math.round(c.triggerConfidence() * 100) < 40 && c.triggerConfidence() >= previous, c.id());
            previous = c.triggerConfidence();
        }
        try (KnowledgeBase kb = KnowledgeBase.open(new IndexDirectory(tmp.resolve("index")))) {
            long low = TestCorpus.cases(kb).stream().filter(c -> Math.round(c.triggerConfidence() * 100) < 40).count();
            assertEquals(low, report.toReview().size());
        }
    }

    @Test
    void crossValidationCountsEveryDeclaredCaseOnce() {
        TaggerEvaluation.Report r = TaggerEvaluation.crossValidate(CORPUS, 2);
        assertEquals(8, r.cases());
        int total = 0;
        for (int[] row : r.confusion()) {
            for (int n : row) {
                total += n;
            }
        }
        assertEquals(8, total);
        assertEquals(r.cases() - r.correct(), r.misses().size());
    }
}
