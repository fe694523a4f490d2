package io.cirstream.core.eval.report;

import io.cirstream.core.eval.RecallCurve;
import java.util.List;
import java.util.Locale;

/**
 * A recall@K line chart as a small standalone SVG: K from 1 to the longest curve on x, recall 0–100 % on y, one line
 * per curve in a colour-blind-safe palette (Okabe–Ito), the protocol's K values marked by dots and spelled out in the
 * legend (so no label overlaps a line or another label), and a title. No chart library: the file is plain text and renders in any browser.
 */
public final class RecallChart {

    private static final int WIDTH = 680;
    private static final int HEIGHT = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 24;
    private static final int LEGEND_ROW = 18;
    private static final double LEGEND_CHAR_WIDTH = 6.6;
    private static final int TOP = 48;
    private static final int BOTTOM = 52;
    private static final int Y_STEP = 20;
    private static final int[] X_TICKS = {1, 5, 10, 20, 30, 40, 50};
    private static final String[] PALETTE = {
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"
    };

    private RecallChart() {}

    /**
     * @param title the chart title
     * @param curves the curves, drawn in this order
     * @param marked per curve, the K values to mark and list in the legend
     */
    public static String svg(String title, List<RecallCurve> curves, List<int[]> marked) {
        if (marked.size() != curves.size()) {
            throw new IllegalArgumentException(curves.size() + " curves but " + marked.size() + " mark lists");
        }
        int maxK = Math.max(2, curves.stream().mapToInt(RecallCurve::maxK).max().orElse(2));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT,
                escape(title)));
        axes(svg, maxK);
        for (int c = 0; c < curves.size(); c++) {
            curve(svg, curves.get(c), PALETTE[c % PALETTE.length], maxK, marked.get(c));
        }
        legend(svg, curves, marked);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void axes(StringBuilder svg, int maxK) {
        for (int y = 0; y <= 100; y += Y_STEP) {
            double py = y(y);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n",
                    LEFT,
                    py,
                    WIDTH - RIGHT,
                    py));
            svg.append(String.format(
                    Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n", LEFT - 8, py + 4, y));
        }
        for (int k : X_TICKS) {
            if (k > maxK) {
                continue;
            }
            double px = x(k, maxK);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555555\"/>%n",
                    px,
                    HEIGHT - BOTTOM,
                    px,
                    HEIGHT - BOTTOM + 5));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    px,
                    HEIGHT - BOTTOM + 19,
                    k));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<polyline points=\"%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"#555555\"/>%n",
                LEFT,
                TOP,
                LEFT,
                HEIGHT - BOTTOM,
                WIDTH - RIGHT,
                HEIGHT - BOTTOM));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">K</text>%n",
                (LEFT + WIDTH - RIGHT) / 2,
                HEIGHT - 12));
        svg.append(String.format(
                Locale.ROOT,
                "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\">Recall@K (%%)</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2));
    }

    private static void curve(StringBuilder svg, RecallCurve curve, String colour, int maxK, int[] marked) {
        StringBuilder points = new StringBuilder();
        for (int k = 1; k <= curve.maxK(); k++) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(k, maxK), y(curve.at(k))));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                points.toString().trim(),
                colour));
        for (int k : marked) {
            if (k > curve.maxK()) {
                continue;
            }
            double px = x(k, maxK);
            double py = y(curve.at(k));
            svg.append(String.format(
                    Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n", px, py, colour));
        }
    }

    private static void legend(StringBuilder svg, List<RecallCurve> curves, List<int[]> marked) {
        List<String> lines = new java.util.ArrayList<>();
        int longest = 0;
        for (int c = 0; c < curves.size(); c++) {
            StringBuilder line = new StringBuilder(curves.get(c).name());
            for (int k : marked.get(c)) {
                if (k <= curves.get(c).maxK()) {
                    line.append(String.format(
                            Locale.ROOT, "   @%d %.1f", k, curves.get(c).at(k)));
                }
            }
            lines.add(line.toString());
            longest = Math.max(longest, line.length());
        }
        int width = 40 + (int) (longest * LEGEND_CHAR_WIDTH);
        int height = 10 + LEGEND_ROW * lines.size();
        int x = WIDTH - RIGHT - width - 8;
        int y = HEIGHT - BOTTOM - height - 8;
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"white\" fill-opacity=\"0.9\""
                        + " stroke=\"#cccccc\"/>%n",
                x,
                y,
                width,
                height));
        for (int c = 0; c < lines.size(); c++) {
            int row = y + 5 + LEGEND_ROW * (c + 1) - 4;
            String colour = PALETTE[c % PALETTE.length];
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    x + 8,
                    row - 4,
                    x + 30,
                    row - 4,
                    colour));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" xml:space=\"preserve\">%s</text>%n",
                    x + 36,
                    row,
                    escape(lines.get(c))));
        }
    }

    private static double x(int k, int maxK) {
        return LEFT + (double) (k - 1) / (maxK - 1) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double percent) {
        return HEIGHT - BOTTOM - percent / 100.0 * (HEIGHT - TOP - BOTTOM);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
