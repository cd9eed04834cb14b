package kb.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kb.model.Lesson;
import kb.search.CaseSearcher;
import kb.search.CaseText;
import kb.search.Passage;
import kb.store.KnowledgeBase;

/**
 * Finds lessons by words and theme, with the search's own analysis (so 切替 and 切り替え, DDoS and ＤＤｏＳ find the
 * same lessons): the cases that have every word come from the index, and a lesson of theirs is found when each
 * word matched inside the lesson's text, or is in its theme's name.
 */
final class LessonFinder {
    /** More cases than any page lists lessons of. */
    private static final int MAX_CASES = 1_000;

    private LessonFinder() {}

    /** Some of the lessons found, and how many were found in all. */
    record Found(List<Page.LessonView> lessons, int total) {}

    /** A page of lessons found, which page it is (from 1), and how many pages there are. */
    record PageOf(Found found, int page, int lastPage) {}

    /**
     * The lessons {@code offset} to {@code offset + limit} that have {@code theme} (null: any) and every word of
     * {@code q} (blank: all), by theme in the vocabulary's order — lessons without a theme last — and newest case
     * first within a theme. Without words, a page is read from the store as it is shown: at 100,000 cases there are
     * 300,000 lessons.
     */
    static Found page(KnowledgeBase kb, String q, String theme, int offset, int limit) {
        if (q == null || q.isBlank()) {
            return new Found(stored(kb, theme, offset, limit), count(kb, theme));
        }
        return slice(found(kb, q, theme), offset, limit);
    }

    /**
     * Page {@code asked} (from 1) of {@code size} lessons, as {@link #page}; a page past the last (a link from when
     * there were more lessons) is the last. The lessons are looked for once, whichever page it is.
     */
    static PageOf pageOrLast(KnowledgeBase kb, String q, String theme, int asked, int size) {
        if (q == null || q.isBlank()) {
            int total = count(kb, theme);
            int page = Math.min(asked, lastPage(total, size));
            return new PageOf(new Found(stored(kb, theme, (page - 1) * size, size), total), page, lastPage(total, size));
        }
        List<Page.LessonView> all = found(kb, q, theme);
        int page = Math.min(asked, lastPage(all.size(), size));
        return new PageOf(slice(all, (page - 1) * size, size), page, lastPage(all.size(), size));
    }

    private static int lastPage(int total, int size) {
        return Math.max(1, (int) ((total + (long) size - 1) / size));
    }

    private static int count(KnowledgeBase kb, String theme) {
        return theme == null ? kb.lessonCount() : kb.lessonsByTheme().getOrDefault(theme, 0);
    }

    private static List<Page.LessonView> stored(KnowledgeBase kb, String theme, int offset, int limit) {
        return kb.lessonsPage(theme, offset, limit).stream().map(l -> new Page.LessonView(l.lesson(), l.caseTitle())).toList();
    }

    private static Found slice(List<Page.LessonView> all, int offset, int limit) {
        int from = Math.min(offset, all.size());
        return new Found(all.subList(from, (int) Math.min(all.size(), (long) from + limit)), all.size());
    }

    /** Every lesson with the words of {@code q} and {@code theme} (null: any), in the order the page lists them. */
    private static List<Page.LessonView> found(KnowledgeBase kb, String q, String theme) {
        Map<String, Integer> position = new HashMap<>();
        kb.themes().forEach(t -> position.put(t.name(), position.size()));
        List<Page.LessonView> found = new ArrayList<>(find(kb, q, theme));
        // Stable: newest case first within a theme, as found.
        found.sort(Comparator.comparingInt(l -> l.lesson().theme() == null ? Integer.MAX_VALUE
                : position.getOrDefault(l.lesson().theme(), Integer.MAX_VALUE)));
        return found;
    }

    /** The lessons of the cases with every word of {@code q}, newest case first, that have {@code theme} (null: any). */
    private static List<Page.LessonView> find(KnowledgeBase kb, String q, String theme) {
        List<Page.LessonView> found = new ArrayList<>();
        CaseSearcher searcher = kb.searcher();
        Map<String, List<Boolean>> inTheme = new HashMap<>();
        try {
            for (CaseSearcher.BodyMatches matched : searcher.bodyMatches(q, MAX_CASES)) {
                List<Lesson> lessons = kb.lessonsOf(matched.caseId());
                List<int[]> spans = CaseText.lessonSpans(matched.body(), lessons);
                for (int i = 0; i < lessons.size(); i++) {
                    Lesson l = lessons.get(i);
                    if (theme != null && !theme.equals(l.theme())) {
                        continue;
                    }
                    List<Boolean> themeHas = l.theme() == null ? List.of()
                            : inTheme.computeIfAbsent(l.theme(), name -> searcher.chunksIn(q, name));
                    if (hasEveryChunk(matched.chunks(), spans.get(i), themeHas)) {
                        found.add(new Page.LessonView(l, matched.title()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the lessons: " + e.getMessage(), e);
        }
        return found;
    }

    private static boolean hasEveryChunk(List<List<Passage.Match>> chunks, int[] lesson, List<Boolean> themeHas) {
        for (int k = 0; k < chunks.size(); k++) {
            boolean inText = chunks.get(k).stream().anyMatch(m -> m.start() >= lesson[0] && m.end() <= lesson[1]);
            if (!inText && !(k < themeHas.size() && themeHas.get(k))) {
                return false;
            }
        }
        return true;
    }
}
