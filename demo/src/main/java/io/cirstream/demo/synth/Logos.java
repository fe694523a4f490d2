package io.cirstream.demo.synth;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/** The logo prints: a star, a heart, a ring and a triangle, centred on a point. */
final class Logos {

    private static final int STAR_POINTS = 5;
    private static final double STAR_INNER = 0.4;

    private Logos() {}

    static Shape shape(String logo, double cx, double cy, double size) {
        double r = size / 2;
        return switch (logo) {
            case "star" -> star(cx, cy, r);
            case "heart" -> heart(cx, cy, r);
            case "circle" -> ring(cx, cy, r);
            case "triangle" -> triangle(cx, cy, r);
            default -> throw new IllegalArgumentException("unknown logo " + logo);
        };
    }

    private static Shape star(double cx, double cy, double r) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < 2 * STAR_POINTS; i++) {
            double radius = i % 2 == 0 ? r : r * STAR_INNER;
            double angle = -Math.PI / 2 + i * Math.PI / STAR_POINTS;
            double x = cx + radius * Math.cos(angle);
            double y = cy + radius * Math.sin(angle);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        return path;
    }

    private static Shape heart(double cx, double cy, double r) {
        Path2D path = new Path2D.Double();
        path.moveTo(cx, cy + r);
        path.curveTo(cx - 1.6 * r, cy - 0.1 * r, cx - 0.8 * r, cy - 1.3 * r, cx, cy - 0.45 * r);
        path.curveTo(cx + 0.8 * r, cy - 1.3 * r, cx + 1.6 * r, cy - 0.1 * r, cx, cy + r);
        path.closePath();
        return path;
    }

    private static Shape ring(double cx, double cy, double r) {
        Area ring = new Area(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        double inner = r * 0.55;
        ring.subtract(new Area(new Ellipse2D.Double(cx - inner, cy - inner, 2 * inner, 2 * inner)));
        return ring;
    }

    private static Shape triangle(double cx, double cy, double r) {
        Path2D path = new Path2D.Double();
        path.moveTo(cx, cy - r);
        path.lineTo(cx + r * 0.95, cy + r * 0.7);
        path.lineTo(cx - r * 0.95, cy + r * 0.7);
        path.closePath();
        return path;
    }
}
