package io.cirstream.trainer.training;

import io.cirstream.core.chart.SvgCanvas;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a training curve as a small self-contained SVG ({@link SvgCanvas}): the mean training loss per epoch on top, the held-out recall
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
    private static final String LOSS_COLOUR = SvgCanvas.colour(0);

    private SvgCanvas svg;
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
        svg = new SvgCanvas(WIDTH, height);
        svg.text(LEFT, 22, result.title(), "start", 12, true);
        lossPanel(TOP);
        recallPanel(TOP + PANEL_HEIGHT + GAP);
        svg.text(LEFT + plotWidth() / 2.0, height - 12, "epoch", "middle");
        return svg.finish();
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
        series(top, range, points, LOSS_COLOUR);
        legend(top, List.of("loss"), List.of(LOSS_COLOUR));
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
            svg.text(LEFT + plotWidth() / 2.0, top + PANEL_HEIGHT / 2.0, "no held-out queries", "middle");
            return;
        }
        List<String> colours = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            colours.add(recallColour(i));
            series(top, range, series.get(i), recallColour(i));
        }
        legend(top, names, colours);
        bestMarker(top);
    }

    /** The recall series take the palette's colours after the loss's. */
    private static String recallColour(int index) {
        return SvgCanvas.colour(1 + index);
    }

    private static void addPoint(List<double[]> points, int epoch, Map<String, Double> metrics, RecallMetric metric) {
        Double value = metrics.get(metric.key());
        if (value != null) {
            points.add(new double[] {epoch, value});
        }
    }

    private void axes(int top, double[] range, String label) {
        int bottom = top + PANEL_HEIGHT;
        svg.box(LEFT, top, plotWidth(), PANEL_HEIGHT, SvgCanvas.AXIS, "none", 1);
        for (double tick = range[0]; tick <= range[1] + range[2] / 2; tick += range[2]) {
            double y = y(top, range, tick);
            svg.line(LEFT - 4, y, LEFT + plotWidth(), y, SvgCanvas.GRID, 1, null)
                    .text(LEFT - 8, y + 4, format(tick, range[2]), "end");
        }
        double[] epochs = niceRange(0, lastEpoch);
        double step = Math.max(1, epochs[2]);
        for (double epoch = 0; epoch <= lastEpoch; epoch += step) {
            double x = x(epoch);
            svg.line(x, bottom, x, bottom + 4, SvgCanvas.AXIS, 1, null)
                    .text(x, bottom + 17, Integer.toString((int) epoch), "middle");
        }
        svg.verticalText(18, top + PANEL_HEIGHT / 2.0, label);
    }

    private void series(int top, double[] range, List<double[]> points, String colour) {
        List<double[]> scaled = points.stream()
                .map(point -> new double[] {x(point[0]), y(top, range, point[1])})
                .toList();
        svg.polyline(scaled, colour, 2);
        scaled.forEach(point -> svg.dot(point[0], point[1], 2.5, colour));
    }

    private void legend(int top, List<String> names, List<String> colours) {
        int x = LEFT + plotWidth() + 16;
        for (int i = 0; i < names.size(); i++) {
            int y = top + 14 + 18 * i;
            svg.line(x, y - 4, x + 18, y - 4, colours.get(i), 2, null).text(x + 24, y, names.get(i), "start");
        }
    }

    private void bestMarker(int top) {
        double x = x(result.bestEpoch());
        svg.line(x, top, x, top + PANEL_HEIGHT, SvgCanvas.MUTED, 1, "4 3").text(x + 4, top + 12, "best", "start");
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
}
