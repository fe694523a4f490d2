package io.cirstream.demo.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** The fabric patterns, drawn over a box (the caller clips to the silhouette), scaled to the object's size. */
final class Patterns {

    private static final double PERIOD = 0.085;
    private static final int CHECK_ALPHA = 150;

    private Patterns() {}

    static void paint(Graphics2D g, String pattern, Rectangle2D box, Color colour) {
        double period = PERIOD * Math.max(box.getWidth(), box.getHeight());
        g.setColor(colour);
        switch (pattern) {
            case "plain" -> {}
            case "striped" -> {
                for (double y = box.getY(); y < box.getMaxY(); y += period) {
                    g.fill(new Rectangle2D.Double(box.getX(), y, box.getWidth(), period * 0.42));
                }
            }
            case "dotted" -> {
                double radius = period * 0.22;
                int row = 0;
                for (double y = box.getY(); y < box.getMaxY() + period; y += period, row++) {
                    double shift = row % 2 == 0 ? 0 : period / 2;
                    for (double x = box.getX() - shift; x < box.getMaxX() + period; x += period) {
                        g.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
                    }
                }
            }
            case "checked" -> {
                g.setColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), CHECK_ALPHA));
                for (double y = box.getY(); y < box.getMaxY(); y += period * 1.3) {
                    g.fill(new Rectangle2D.Double(box.getX(), y, box.getWidth(), period * 0.5));
                }
                for (double x = box.getX(); x < box.getMaxX(); x += period * 1.3) {
                    g.fill(new Rectangle2D.Double(x, box.getY(), period * 0.5, box.getHeight()));
                }
            }
            case "zigzag" -> {
                g.setStroke(new BasicStroke((float) (period * 0.2)));
                for (double y = box.getY(); y < box.getMaxY() + period; y += period) {
                    Path2D line = new Path2D.Double();
                    line.moveTo(box.getX(), y);
                    boolean up = true;
                    for (double x = box.getX(); x < box.getMaxX() + period; x += period / 2) {
                        line.lineTo(x, up ? y - period * 0.3 : y + period * 0.3);
                        up = !up;
                    }
                    g.draw(line);
                }
            }
            default -> throw new IllegalArgumentException("unknown pattern " + pattern);
        }
    }
}
