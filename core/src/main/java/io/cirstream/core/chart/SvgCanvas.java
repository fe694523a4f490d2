package io.cirstream.core.chart;

import java.util.List;
import java.util.Locale;

/**
 * The project's one SVG writer, for its small standalone charts (the evaluation's recall curves, the trainer's training
 * curves): a white canvas, lines, polylines, dots, boxes and escaped text, numbers written with one decimal in the
 * root locale, and one colour-blind-safe palette (Okabe–Ito). No chart library: the file is plain text and renders in
 * any browser.
 */
public final class SvgCanvas {

    /** Okabe–Ito's colour-blind-safe palette, in the order series take it. */
    public static final List<String> PALETTE =
            List.of("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442");

    /** Grid lines. */
    public static final String GRID = "#dddddd";

    /** Axes and frames. */
    public static final String AXIS = "#555555";

    /** Markers that are not data (the best epoch). */
    public static final String MUTED = "#888888";

    private final StringBuilder svg = new StringBuilder();

    /** A white canvas of {@code width} × {@code height} pixels, in a 12 px sans-serif font. */
    public SvgCanvas(int width, int height) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        .formatted(width, height, width, height))
                .append(" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    }

    /** The palette's colour for the {@code index}-th series (the palette repeats past its end). */
    public static String colour(int index) {
        return PALETTE.get(Math.floorMod(index, PALETTE.size()));
    }

    /** A line; {@code dash} is an SVG dash array ({@code "4 3"}) or null for a solid line. */
    public SvgCanvas line(double x1, double y1, double x2, double y2, String colour, double width, String dash) {
        svg.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n"
                .formatted(n(x1), n(y1), n(x2), n(y2), colour, n(width), dash == null ? "" : dashArray(dash)));
        return this;
    }

    /** A line through the points ({x, y} each), unfilled. */
    public SvgCanvas polyline(List<double[]> points, String colour, double width) {
        StringBuilder coordinates = new StringBuilder();
        for (double[] point : points) {
            coordinates
                    .append(coordinates.isEmpty() ? "" : " ")
                    .append(n(point[0]))
                    .append(',')
                    .append(n(point[1]));
        }
        svg.append("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"/>\n"
                .formatted(coordinates, colour, n(width)));
        return this;
    }

    /** A filled dot. */
    public SvgCanvas dot(double x, double y, double radius, String colour) {
        svg.append("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"/>\n".formatted(n(x), n(y), n(radius), colour));
        return this;
    }

    /** A box outlined in {@code stroke}, filled with {@code fill} at {@code fillOpacity} ("none": unfilled). */
    public SvgCanvas box(double x, double y, double width, double height, String stroke, String fill, double opacity) {
        svg.append(
                "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\" fill-opacity=\"%s\" stroke=\"%s\"/>\n"
                        .formatted(n(x), n(y), n(width), n(height), fill, n(opacity), stroke));
        return this;
    }

    /**
     * Text, escaped, with its white space kept.
     *
     * @param anchor {@code start}, {@code middle} or {@code end}
     * @param size the font size in pixels
     * @param bold whether the text is bold
     */
    public SvgCanvas text(double x, double y, String content, String anchor, int size, boolean bold) {
        svg.append(("<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\""
                        + " xml:space=\"preserve\">%s</text>\n")
                .formatted(n(x), n(y), anchor, size, bold ? "bold" : "normal", escape(content)));
        return this;
    }

    /** Plain 12 px text. */
    public SvgCanvas text(double x, double y, String content, String anchor) {
        return text(x, y, content, anchor, 12, false);
    }

    /** An axis title turned a quarter to the left, centred on ({@code x}, {@code y}). */
    public SvgCanvas verticalText(double x, double y, String content) {
        svg.append("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 %s %s)\">%s</text>\n"
                .formatted(n(x), n(y), n(x), n(y), escape(content)));
        return this;
    }

    /** The finished document. */
    public String finish() {
        return svg + "</svg>\n";
    }

    /** Text made safe for an XML element or attribute. */
    public static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String dashArray(String dash) {
        return " stroke-dasharray=\"" + escape(dash) + "\"";
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
