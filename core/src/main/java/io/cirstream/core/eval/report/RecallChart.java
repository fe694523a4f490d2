package io.cirstream.core.eval.report;

import io.cirstream.core.chart.SvgCanvas;
import io.cirstream.core.eval.RecallCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recall@K line chart as a small standalone SVG ({@link SvgCanvas}): K from 1 to the longest curve on x, recall
 * 0–100 % on y, one line per curve in the canvas's colour-blind-safe palette, the protocol's K values marked by dots
 * and spelled out in the legend (so no label overlaps a line or another label), and a title.
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
    private static final int TITLE_SIZE = 15;
    private static final int[] X_TICKS = {1, 5, 10, 20, 30, 40, 50};

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
        SvgCanvas svg = new SvgCanvas(WIDTH, HEIGHT).text(LEFT, 24, title, "start", TITLE_SIZE, true);
        axes(svg, maxK);
        for (int c = 0; c < curves.size(); c++) {
            curve(svg, curves.get(c), SvgCanvas.colour(c), maxK, marked.get(c));
        }
        legend(svg, curves, marked);
        return svg.finish();
    }

    private static void axes(SvgCanvas svg, int maxK) {
        for (int y = 0; y <= 100; y += Y_STEP) {
            double py = y(y);
            svg.line(LEFT, py, WIDTH - RIGHT, py, SvgCanvas.GRID, 1, null)
                    .text(LEFT - 8, py + 4, Integer.toString(y), "end");
        }
        for (int k : X_TICKS) {
            if (k > maxK) {
                continue;
            }
            double px = x(k, maxK);
            svg.line(px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 5, SvgCanvas.AXIS, 1, null)
                    .text(px, HEIGHT - BOTTOM + 19, Integer.toString(k), "middle");
        }
        svg.polyline(
                        List.of(new double[] {LEFT, TOP}, new double[] {LEFT, HEIGHT - BOTTOM}, new double[] {
                            WIDTH - RIGHT, HEIGHT - BOTTOM
                        }),
                        SvgCanvas.AXIS,
                        1)
                .text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, "K", "middle")
                .verticalText(18, (TOP + HEIGHT - BOTTOM) / 2.0, "Recall@K (%)");
    }

    private static void curve(SvgCanvas svg, RecallCurve curve, String colour, int maxK, int[] marked) {
        List<double[]> points = new ArrayList<>();
        for (int k = 1; k <= curve.maxK(); k++) {
            points.add(new double[] {x(k, maxK), y(curve.at(k))});
        }
        svg.polyline(points, colour, 2);
        for (int k : marked) {
            if (k <= curve.maxK()) {
                svg.dot(x(k, maxK), y(curve.at(k)), 3.5, colour);
            }
        }
    }

    private static void legend(SvgCanvas svg, List<RecallCurve> curves, List<int[]> marked) {
        List<String> lines = new ArrayList<>();
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
        svg.box(x, y, width, height, "#cccccc", "white", 0.9);
        for (int c = 0; c < lines.size(); c++) {
            int row = y + 5 + LEGEND_ROW * (c + 1) - 4;
            svg.line(x + 8, row - 4, x + 30, row - 4, SvgCanvas.colour(c), 3, null)
                    .text(x + 36, row, lines.get(c), "start");
        }
    }

    private static double x(int k, int maxK) {
        return LEFT + (double) (k - 1) / (maxK - 1) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double percent) {
        return HEIGHT - BOTTOM - percent / 100.0 * (HEIGHT - TOP - BOTTOM);
    }
}
