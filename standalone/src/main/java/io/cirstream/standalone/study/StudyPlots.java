package io.cirstream.standalone.study;

import java.util.List;
import java.util.Locale;

/** The study's SVG plots: overlaid cosine histograms (as densities) and a 2-D scatter of projected features. */
final class StudyPlots {

    static final String[] COLOURS = {"#1f4e9c", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 45;
    private static final int BINS = 60;

    private StudyPlots() {}

    /** A named series of values. */
    record Series(String name, double[] values) {}

    /** A named set of 2-D points. */
    record PointSet(String name, double[][] points) {}

    /** Densities of cosine values in [-1, 1], one line per series. */
    static String histogram(String title, List<Series> series) {
        double[][] densities = new double[series.size()][BINS];
        double max = 0;
        for (int s = 0; s < series.size(); s++) {
            double[] values = series.get(s).values();
            for (double v : values) {
                int bin = (int) Math.floor((Math.max(-1, Math.min(1, v)) + 1) / 2 * BINS);
                densities[s][Math.min(BINS - 1, bin)] += 1.0 / values.length / (2.0 / BINS);
            }
            for (double d : densities[s]) {
                max = Math.max(max, d);
            }
        }
        StringBuilder svg = open(title);
        axes(svg, "-1", "0", "1", "cosine similarity", "density");
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (int b = 0; b < BINS; b++) {
                double x = LEFT + (b + 0.5) / BINS * plotWidth();
                double y = TOP + plotHeight() * (1 - densities[s][b] / Math.max(max, 1e-9));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            line(svg, points, s);
            legend(svg, s, series.get(s).name());
        }
        return svg.append("</svg>\n").toString();
    }

    /** Points of several sets, scaled to fit. */
    static String scatter(String title, List<PointSet> sets) {
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (PointSet set : sets) {
            for (double[] p : set.points()) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder svg = open(title);
        axes(svg, fmt(minX), "", fmt(maxX), "PC 1", "PC 2");
        for (int s = 0; s < sets.size(); s++) {
            for (double[] p : sets.get(s).points()) {
                double x = LEFT + (p[0] - minX) / Math.max(maxX - minX, 1e-9) * plotWidth();
                double y = TOP + (1 - (p[1] - minY) / Math.max(maxY - minY, 1e-9)) * plotHeight();
                svg.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\" fill-opacity=\"0.45\"/>%n",
                        x,
                        y,
                        COLOURS[s % COLOURS.length]));
            }
            legend(svg, s, sets.get(s).name());
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format("<text x=\"%d\" y=\"22\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        return svg;
    }

    private static void axes(
            StringBuilder svg, String left, String middle, String right, String xLabel, String yLabel) {
        int bottom = TOP + plotHeight();
        svg.append(String.format(
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, plotWidth(), plotHeight()));
        svg.append(
                String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT, bottom + 15, left));
        svg.append(String.format(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotWidth() / 2, bottom + 15, middle));
        svg.append(String.format(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotWidth(), bottom + 15, right));
        svg.append(String.format(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotWidth() / 2, bottom + 35, escape(xLabel)));
        svg.append(String.format(
                "<text x=\"15\" y=\"%d\" transform=\"rotate(-90 15 %d)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotHeight() / 2, TOP + plotHeight() / 2, escape(yLabel)));
    }

    private static void line(StringBuilder svg, StringBuilder points, int s) {
        svg.append(String.format(
                "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"/>%n",
                points.toString().trim(), COLOURS[s % COLOURS.length]));
    }

    private static void legend(StringBuilder svg, int s, String name) {
        int x = WIDTH - RIGHT + 12;
        int y = TOP + 14 + 18 * s;
        svg.append(String.format(
                "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>%n",
                x, y - 4, COLOURS[s % COLOURS.length]));
        svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", x + 18, y, escape(name)));
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
