package kb.users.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kb.model.CaseRecord;
import kb.search.Analyzers;
import kb.search.SimilarCase.SharedTerm;
import kb.users.Fixture;
import kb.users.UsersException.UnauthorizedException;
import kb.users.UsersException.ValidationException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckServiceTest {
    private static final String CHANGE = """
            来月の月末に、定期預金の一括処理と並行して勘定系のデータ移行作業を行う。
            移行では索引ファイルを作り直すため、処理件数が普段より大幅に増える。""";

    @TempDir
    static Path dir;
    static Fixture fx;
    static CheckService check;

    @BeforeAll
    static void open() throws Exception {
        fx = Fixture.create(dir);
        check = new CheckService(fx.db, fx.access, fx.live(), fx.clock);
    }

    @AfterAll
    static void close() throws Exception {
        fx.close();
    }

    @Test
    void ranksTheMostAlikeCaseFirstWithItsLessons() {
        List<CheckMatch> matches = check.check(null, CHANGE, 3);
        assertFalse(matches.isEmpty());
        assertTrue(matches.size() <= 3);
        CheckMatch first = matches.get(0);
        assertEquals("2021-02-batch-capacity", first.caseId());
        assertEquals(fx.kb().find(first.caseId()).orElseThrow().lessons(), first.lessons());
        for (int i = 1; i < matches.size(); i++) {
            assertTrue(matches.get(i - 1).score() >= matches.get(i).score());
        }
    }

    @Test
    void explainsEachMatchWithWholeWordsOfTheCaseThatTheChangeHasWeightiestFirst() {
        Set<String> changeWords = words(CHANGE);
        for (CheckMatch m : check.check(null, CHANGE, 5)) {
            CaseRecord c = fx.kb().find(m.caseId()).orElseThrow();
            // What the index holds of a case: title, sections and the metadata words.
            String caseText = String.join("\n", c.title(), String.join("\n", c.sections().values()),
                    c.industry(), String.join("\n", c.patterns()), String.join("\n", c.systems()));
            assertFalse(m.sharedTerms().isEmpty(), m.caseId());
            for (SharedTerm t : m.sharedTerms()) {
                assertTrue(caseText.contains(t.term()) || words(caseText).contains(t.term()),
                        t.term() + " as written in " + m.caseId() + " (or, for a verb, its base form)");
                assertTrue(changeWords.containsAll(words(t.term())), t.term() + ": each of its words is the change's");
                assertTrue(t.term().codePointCount(0, t.term().length()) >= 2, "no lone letter: " + t.term());
                assertTrue(t.weight() > 0);
            }
            List<Float> weights = m.sharedTerms().stream().map(SharedTerm::weight).toList();
            assertEquals(weights.stream().sorted((a, b) -> Float.compare(b, a)).toList(), weights);
        }
        List<String> top = check.check(null, CHANGE, 1).get(0).sharedTerms().stream().map(SharedTerm::term).toList();
        assertTrue(top.stream().anyMatch(t -> t.contains("移行")), top.toString());
    }

    @Test
    void refusesEmptyAndOverlongTextsAndBadLimits() {
        assertEquals("text", field(() -> check.check(null, "  ", 5)));
        assertEquals("text", field(() -> check.check(null, null, 5)));
        ValidationException tooLong = assertThrows(ValidationException.class,
                () -> check.check(null, "移".repeat(CheckService.MAX_TEXT + 1), 5));
        assertEquals("text", tooLong.field());
        assertEquals("変更の内容: 長すぎます（20001 字。20000 字まで）。", tooLong.getMessage());
        check.check(null, "移行".repeat(CheckService.MAX_TEXT / 2), 5);
        assertEquals("limit", field(() -> check.check(null, CHANGE, 0)));
        assertEquals("limit", field(() -> check.check(null, CHANGE, CheckService.MAX_LIMIT + 1)));
    }

    @Test
    void aTextSharingNoWordsMatchesNothing() {
        assertEquals(List.of(), check.check(null, "zzqx", 5));
    }

    @Test
    void readingNeedsNoAccountUnlessLoginIsRequired() {
        try {
            fx.access.setLoginRequiredForReading(Fixture.ADMIN, true);
            assertThrows(UnauthorizedException.class, () -> check.check(null, CHANGE, 5));
            assertFalse(check.check(Fixture.READER, CHANGE, 5).isEmpty());
        } finally {
            fx.access.setLoginRequiredForReading(Fixture.ADMIN, false);
        }
    }

    @Test
    void aSignedInUsersCheckIsSavedOnceAndReopened() {
        assertThrows(UnauthorizedException.class, () -> check.save(null, CHANGE, 5));
        SavedCheck saved = check.save(Fixture.READER, CHANGE, 5);
        assertEquals(saved, check.save(Fixture.REVIEWER, CHANGE, 5), "the same text and limit is the same check");
        assertNotEquals(saved.id(), check.save(Fixture.READER, CHANGE, 6).id());
        assertEquals(CHANGE, check.saved(null, saved.id()).text());
        assertEquals("rin", saved.createdBy());
        assertThrows(kb.users.UsersException.NotFoundException.class, () -> check.saved(null, 999));
        assertEquals("text", field(() -> check.save(Fixture.READER, " ", 5)));
    }

    private static String field(Runnable action) {
        return assertThrows(ValidationException.class, action::run).field();
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        try (Analyzer analyzer = Analyzers.japanese(); TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                words.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
