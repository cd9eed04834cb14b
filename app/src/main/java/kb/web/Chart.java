package kb.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bar chart laid out on the server, for {@code tag/chart.jte} to draw as inline SVG: rectangles and texts
 * in viewBox units, coloured by CSS class (the CSP allows no inline styles). Stacked columns per category
 * (e.g. cases per year by trigger) or horizontal bars (cases per industry).
 */
public record Chart(String label, int width, int height, List<Rect> rects, List<Text> texts, List<Legend> legend,
                    Table table) {
    public record Rect(double x, double y, double width, double height, String cssClass, String title) {}

    public record Text(double x, double y, String anchor, String text, String cssClass) {}

    public record Legend(String text, String cssClass) {}

    /** The chart's numbers as a table, shown instead of the drawing where it would be too small to read. */
    public record Table(List<String> head, List<List<String>> rows) {}

    /** One series of a stacked chart: its name and CSS class. */
    public record Series(String name, String cssClass) {}

    private static final int COLUMN_HEIGHT = 180;
    private static final int TOP = 16;
    private static final int LEFT = 28;
    private static final int BOTTOM = 24;

    /**
     * Columns per category (left to right), each stacked from its series' values; {@code values.get(c)[s]} is
     * category c's count in series s; {@code categoryName} heads the categories' column of the table.
     */
    public static Chart columns(String label, String categoryName, List<String> categories, List<Series> series,
                                Map<String, int[]> values) {
        int max = Math.max(1, categories.stream().mapToInt(c -> sum(values.get(c))).max().orElse(1));
        double step = Math.max(18, Math.min(48, 640.0 / Math.max(1, categories.size())));
        double barWidth = step * 0.7;
        int width = (int) Math.ceil(LEFT + step * categories.size() + 8);
        int height = TOP + COLUMN_HEIGHT + BOTTOM;
        List<Rect> rects = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        double base = TOP + COLUMN_HEIGHT;
        texts.add(new Text(LEFT - 4, TOP + 4, "end", Integer.toString(max), "axis"));
        texts.add(new Text(LEFT - 4, base, "end", "0", "axis"));
        rects.add(new Rect(LEFT, base, width - LEFT - 4, 1, "baseline", ""));
        int labelEvery = (int) Math.ceil(28 / step); // keep year labels from overlapping when there are many
        for (int i = 0; i < categories.size(); i++) {
            String category = categories.get(i);
            int[] counts = values.get(category);
            double x = LEFT + i * step + (step - barWidth) / 2;
            double y = base;
            for (int s = 0; s < series.size(); s++) {
                if (counts[s] == 0) {
                    continue;
                }
                double h = COLUMN_HEIGHT * counts[s] / (double) max;
                y -= h;
                rects.add(new Rect(x, y, barWidth, h, series.get(s).cssClass(),
                        category + " " + series.get(s).name() + ": " + counts[s] + " 件"));
            }
            int total = sum(counts);
            if (total > 0) {
                texts.add(new Text(x + barWidth / 2, y - 3, "middle", Integer.toString(total), "value"));
            }
            if (i % labelEvery == 0) {
                texts.add(new Text(x + barWidth / 2, base + 16, "middle", category, "axis"));
            }
        }
        List<Legend> legend = series.size() < 2 ? List.of()
                : series.stream().map(s -> new Legend(s.name(), s.cssClass())).toList();
        List<String> head = new ArrayList<>(List.of(categoryName));
        series.forEach(s -> head.add(s.name()));
        if (series.size() > 1) {
            head.add("計");
        }
        List<List<String>> rows = new ArrayList<>();
        for (String category : categories) {
            int[] counts = values.get(category);
            if (sum(counts) > 0) {
                List<String> row = new ArrayList<>(List.of(category));
                for (int count : counts) {
                    row.add(Integer.toString(count));
                }
                if (series.size() > 1) {
                    row.add(Integer.toString(sum(counts)));
                }
                rows.add(row);
            }
        }
        return new Chart(label, width, height, rects, texts, legend, new Table(head, rows));
    }

    /** Horizontal bars, one per entry, top to bottom in the map's order; {@code categoryName} heads the table's first column. */
    public static Chart bars(String label, String categoryName, Map<String, Integer> counts, String cssClass) {
        int labelWidth = 150;
        int barSpace = 400;
        int row = 24;
        int max = Math.max(1, counts.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        List<Rect> rects = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            double y = 4 + i * row;
            double w = Math.max(1, barSpace * e.getValue() / (double) max);
            texts.add(new Text(labelWidth - 8, y + 15, "end", e.getKey(), "axis"));
            rects.add(new Rect(labelWidth, y + 3, w, row - 8, cssClass, e.getKey() + ": " + e.getValue() + " 件"));
            texts.add(new Text(labelWidth + w + 6, y + 15, "start", Integer.toString(e.getValue()), "value"));
            i++;
        }
        List<List<String>> rows = counts.entrySet().stream().map(e -> List.of(e.getKey(), Integer.toString(e.getValue()))).toList();
        return new Chart(label, labelWidth + barSpace + 50, Math.max(row, 8 + i * row), rects, texts, List.of(),
                new Table(List.of(categoryName, "件数"), rows));
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }
}
