package io.cirstream.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a training curve as a small self-contained SVG: the mean training loss per epoch on top, the held-out recall
 * per epoch below (epoch 0 = the starting weights), sharing the epoch axis; a dashed line marks the best epoch.
 */
public final class CurveSvg {

    private static final int WIDTH = 760;
    private static final int PANEL_HEIGHT = 220;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 40;
    private static final int GAP = 60;
    private static final int BOTTOM = 50;
    private static final int TARGET_TICKS = 5;
    private static final String LOSS_COLOUR = "#1f4e9c";
    private static final String BEST_COLOUR = "#888888";
    private static final String[] RECALL_COLOURS = {"#d62728", "#ff7f0e", "#2ca02c", "#9467bd"};

    private final StringBuilder svg = new StringBuilder();
    private final Curve result;
    private final int lastEpoch;

    /**
     * What a curve plot shows.
     *
     * @param title the heading
     * @param epochs every trained epoch
     * @param initialMetrics the held-out metrics before training (plotted at epoch 0; empty: none)
     * @param bestEpoch the epoch marked as the best
     */
    public record Curve(String title, List<EpochReport> epochs, Map<String, Double> initialMetrics, int bestEpoch) {}

    private CurveSvg(Curve result) {
        this.result = result;
        this.lastEpoch = Math.max(1, result.epochs().size());
    }

    static String render(TrainingResult result) {
        return render(new Curve(
                "Combiner training: %d examples, batch %d, best epoch %d (%s)"
                        .formatted(
                                result.plan().examples(),
                                result.plan().batchSize(),
                                result.bestEpoch(),
                                result.stopReason()
                                        .name()
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', ' ')),
                result.curve(),
                result.initialMetrics(),
                result.bestEpoch()));
    }

    /** The SVG of a curve: mean training loss, and held-out recall@1/5/10/50 (keys {@code recall_at_K}, in [0, 1]). */
    public static String render(Curve curve) {
        return new CurveSvg(curve).draw();
    }

    private String draw() {
        int height = TOP + 2 * PANEL_HEIGHT + GAP + BOTTOM;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        .formatted(WIDTH, height, WIDTH, height))
                .append("font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(LEFT, 22, result.title(), "start", "bold");
        lossPanel(TOP);
        recallPanel(TOP + PANEL_HEIGHT + GAP);
        text(LEFT + plotWidth() / 2.0, height - 12, "epoch", "middle", "normal");
        return svg.append("</svg>\n").toString();
    }

    private void lossPanel(int top) {
        List<double[]> points = new ArrayList<>();
        double max = 0;
        for (EpochReport report : result.epochs()) {
            points.add(new double[] {report.epoch(), report.meanLoss()});
            max = Math.max(max, report.meanLoss());
        }
        double[] range = niceRange(0, max);
        axes(top, range, "mean training loss");
        polyline(top, range, points, LOSS_COLOUR);
        legend(top, List.of("loss"), new String[] {LOSS_COLOUR});
        bestMarker(top);
    }

    private void recallPanel(int top) {
        List<String> names = new ArrayList<>();
        List<List<double[]>> series = new ArrayList<>();
        double max = 0;
        for (RecallMetric metric : RecallMetric.values()) {
            List<double[]> points = new ArrayList<>();
            addPoint(points, 0, result.initialMetrics(), metric);
            for (EpochReport report : result.epochs()) {
                addPoint(points, report.epoch(), report.heldOutMetrics(), metric);
            }
            if (!points.isEmpty()) {
                names.add(metric.key().replace("recall_at_", "R@"));
                series.add(points);
                max = Math.max(max, points.stream().mapToDouble(p -> p[1]).max().orElse(0));
            }
        }
        double[] range = niceRange(0, Math.min(1, Math.max(max, 0.01)));
        axes(top, range, "held-out recall");
        if (series.isEmpty()) {
            text(LEFT + plotWidth() / 2.0, top + PANEL_HEIGHT / 2.0, "no held-out queries", "middle", "normal");
            return;
        }
        for (int i = 0; i < series.size(); i++) {
            polyline(top, range, series.get(i), RECALL_COLOURS[i % RECALL_COLOURS.length]);
        }
        legend(top, names, RECALL_COLOURS);
        bestMarker(top);
    }

    private static void addPoint(List<double[]> points, int epoch, Map<String, Double> metrics, RecallMetric metric) {
        Double value = metrics.get(metric.key());
        if (value != null) {
            points.add(new double[] {epoch, value});
        }
    }

    private void axes(int top, double[] range, String label) {
        int bottom = top + PANEL_HEIGHT;
        svg.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n"
                .formatted(LEFT, top, plotWidth(), PANEL_HEIGHT));
        for (double tick = range[0]; tick <= range[1] + range[2] / 2; tick += range[2]) {
            double y = y(top, range, tick);
            line(LEFT - 4, y, LEFT + plotWidth(), y, "#e5e5e5");
            text(LEFT - 8, y + 4, format(tick, range[2]), "end", "normal");
        }
        double[] epochs = niceRange(0, lastEpoch);
        double step = Math.max(1, epochs[2]);
        for (double epoch = 0; epoch <= lastEpoch; epoch += step) {
            double x = x(epoch);
            line(x, bottom, x, bottom + 4, "#333");
            text(x, bottom + 17, Integer.toString((int) epoch), "middle", "normal");
        }
        svg.append("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 %s %s)\">%s</text>\n"
                .formatted(n(18), n(top + PANEL_HEIGHT / 2.0), n(18), n(top + PANEL_HEIGHT / 2.0), label));
    }

    private void polyline(int top, double[] range, List<double[]> points, String colour) {
        StringBuilder coordinates = new StringBuilder();
        for (double[] point : points) {
            coordinates
                    .append(n(x(point[0])))
                    .append(',')
                    .append(n(y(top, range, point[1])))
                    .append(' ');
        }
        svg.append("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n"
                .formatted(colour, coordinates.toString().trim()));
        for (double[] point : points) {
            svg.append("<circle cx=\"%s\" cy=\"%s\" r=\"2.5\" fill=\"%s\"/>\n"
                    .formatted(n(x(point[0])), n(y(top, range, point[1])), colour));
        }
    }

    private void legend(int top, List<String> names, String[] colours) {
        int x = LEFT + plotWidth() + 16;
        for (int i = 0; i < names.size(); i++) {
            int y = top + 14 + 18 * i;
            line(x, y - 4, x + 18, y - 4, colours[i % colours.length]);
            text(x + 24, y, names.get(i), "start", "normal");
        }
    }

    private void bestMarker(int top) {
        double x = x(result.bestEpoch());
        svg.append("<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>\n"
                .formatted(n(x), top, n(x), top + PANEL_HEIGHT, BEST_COLOUR));
        text(x + 4, top + 12, "best", "start", "normal");
    }

    private void line(double x1, double y1, double x2, double y2, String colour) {
        svg.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>\n"
                .formatted(n(x1), n(y1), n(x2), n(y2), colour));
    }

    private void text(double x, double y, String content, String anchor, String weight) {
        svg.append("<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>\n"
                .formatted(n(x), n(y), anchor, weight, escape(content)));
    }

    private int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private double x(double epoch) {
        return LEFT + plotWidth() * epoch / lastEpoch;
    }

    private static double y(int top, double[] range, double value) {
        double span = range[1] - range[0];
        return top + PANEL_HEIGHT - PANEL_HEIGHT * (value - range[0]) / span;
    }

    /** {min, max, step}: a range from {@code low} covering {@code high} in about five round steps (1, 2 or 5·10^k). */
    static double[] niceRange(double low, double high) {
        double span = high - low;
        if (!(span > 0) || !Double.isFinite(span)) {
            return new double[] {low, low + 1, 0.2};
        }
        double raw = span / TARGET_TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        return new double[] {Math.floor(low / step) * step, Math.ceil(high / step) * step, step};
    }

    private static String format(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String content) {
        return content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
