package kb.web;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import kb.model.Lesson;
import kb.store.KnowledgeBase;

/**
 * Finds lessons by words and theme. Lessons are one-line bullets, a few hundred in all: a scan with
 * width- and case-folded substring matching (every word must occur) is enough and finds what is typed.
 */
final class LessonFinder {
    private LessonFinder() {}

    /** The lessons of every case, newest case first, that have {@code theme} (null: any) and contain every word of {@code q}. */
    static List<Page.LessonView> find(KnowledgeBase kb, String q, String theme) {
        List<String> words = Arrays.stream(fold(q == null ? "" : q).split("\\s+")).filter(w -> !w.isEmpty()).toList();
        List<Page.LessonView> found = new ArrayList<>();
        kb.lessons(in -> {
            Lesson l = in.lesson();
            if (theme == null || theme.equals(l.theme())) {
                String text = fold(l.text() + " " + (l.theme() == null ? "" : l.theme()));
                if (words.stream().allMatch(text::contains)) {
                    found.add(new Page.LessonView(l, in.caseTitle()));
                }
            }
            return true;
        });
        return found;
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
