package io.cirstream.demo.synth;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The drawn objects, in unit coordinates (the object's box is [0,1]²; x right, y down): the outline of each category
 * with its sleeves, length or style, the seams and details drawn on top, and where a logo goes.
 */
final class Silhouettes {

    private Silhouettes() {}

    static Shape outline(Look look) {
        return switch (look.category()) {
            case SHIRT -> shirt(look.index(Attribute.SLEEVES));
            case DRESS -> dress(look.index(Attribute.SLEEVES), look.index(Attribute.LENGTH));
            case TROUSERS -> trousers(look.index(Attribute.LENGTH));
            case SHOES -> shoe(look.index(Attribute.STYLE));
            case BAG -> bag(look.index(Attribute.STYLE));
        };
    }

    /** Seams and details, stroked in a darker tone. */
    static List<Shape> details(Look look) {
        List<Shape> out = new ArrayList<>();
        switch (look.category()) {
            case SHIRT -> {
                out.add(polyline(0.42, 0.04, 0.5, 0.15, 0.58, 0.04));
                for (int i = 0; i < 4; i++) {
                    out.add(new Ellipse2D.Double(0.49, 0.24 + i * 0.17, 0.02, 0.016));
                }
            }
            case DRESS -> out.add(new Line2D.Double(0.38, 0.36, 0.62, 0.36));
            case TROUSERS -> {
                out.add(new Line2D.Double(0.22, 0.09, 0.78, 0.09));
                out.add(new Line2D.Double(0.5, 0.09, 0.5, 0.24));
                out.add(new QuadCurve2D.Double(0.26, 0.12, 0.33, 0.17, 0.36, 0.10));
                out.add(new QuadCurve2D.Double(0.74, 0.12, 0.67, 0.17, 0.64, 0.10));
            }
            case SHOES -> shoeDetails(look.index(Attribute.STYLE), out);
            case BAG -> bagDetails(look.index(Attribute.STYLE), out);
        }
        return out;
    }

    /** Where the logo's centre goes, in unit coordinates. */
    static Point2D logoAnchor(Look look) {
        return switch (look.category()) {
            case SHIRT -> new Point2D.Double(0.61, 0.28);
            case DRESS -> new Point2D.Double(0.5, 0.22);
            case TROUSERS -> new Point2D.Double(0.36, 0.2);
            case SHOES ->
                look.index(Attribute.STYLE) == 1 ? new Point2D.Double(0.28, 0.45) : new Point2D.Double(0.5, 0.66);
            case BAG ->
                look.index(Attribute.STYLE) == 2 ? new Point2D.Double(0.5, 0.42) : new Point2D.Double(0.5, 0.66);
        };
    }

    /** The logo's size, as a fraction of the box width. */
    static double logoSize(Category category) {
        return switch (category) {
            case SHOES -> 0.09;
            case BAG -> 0.16;
            case DRESS -> 0.2;
            default -> 0.15;
        };
    }

    private static Shape shirt(int sleeves) {
        Area shape = new Area(polygon(0.30, 0.09, 0.42, 0.03, 0.58, 0.03, 0.70, 0.09, 0.70, 0.97, 0.30, 0.97));
        if (sleeves == 1) {
            addMirrored(shape, polygon(0.30, 0.09, 0.12, 0.30, 0.21, 0.38, 0.30, 0.30));
        } else if (sleeves == 2) {
            addMirrored(shape, polygon(0.30, 0.09, 0.06, 0.80, 0.16, 0.83, 0.30, 0.34));
        }
        return shape;
    }

    private static Shape dress(int sleeves, int length) {
        double[] hemY = {0.58, 0.78, 0.98};
        double[] hemHalf = {0.26, 0.34, 0.42};
        double y = hemY[length];
        double half = hemHalf[length];
        Path2D skirt = new Path2D.Double();
        skirt.moveTo(0.38, 0.35);
        skirt.lineTo(0.62, 0.35);
        skirt.lineTo(0.5 + half, y);
        skirt.quadTo(0.5, y + 0.03, 0.5 - half, y);
        skirt.closePath();
        Area shape = new Area(polygon(0.36, 0.05, 0.44, 0.02, 0.56, 0.02, 0.64, 0.05, 0.62, 0.36, 0.38, 0.36));
        shape.add(new Area(skirt));
        if (sleeves == 1) {
            addMirrored(shape, polygon(0.36, 0.05, 0.23, 0.19, 0.29, 0.25, 0.37, 0.16));
        } else if (sleeves == 2) {
            addMirrored(shape, polygon(0.36, 0.05, 0.18, 0.55, 0.25, 0.57, 0.37, 0.18));
        }
        return shape;
    }

    private static Shape trousers(int length) {
        double[] bottom = {0.38, 0.76, 0.98};
        double y = bottom[length];
        Area shape = new Area(polygon(0.22, 0.02, 0.78, 0.02, 0.78, 0.09, 0.22, 0.09));
        addMirrored(shape, polygon(0.22, 0.09, 0.5, 0.09, 0.5, 0.24, 0.47, y, 0.25, y));
        return shape;
    }

    private static Shape shoe(int style) {
        Path2D upper = new Path2D.Double();
        Area shape;
        switch (style) {
            case 0 -> {
                upper.moveTo(0.06, 0.80);
                upper.lineTo(0.07, 0.48);
                upper.quadTo(0.20, 0.42, 0.36, 0.47);
                upper.lineTo(0.55, 0.55);
                upper.quadTo(0.86, 0.58, 0.95, 0.80);
                upper.closePath();
                shape = new Area(upper);
                shape.add(new Area(new RoundRectangle2D.Double(0.04, 0.78, 0.93, 0.13, 0.06, 0.06)));
            }
            case 1 -> {
                upper.moveTo(0.08, 0.84);
                upper.lineTo(0.10, 0.04);
                upper.lineTo(0.44, 0.04);
                upper.lineTo(0.47, 0.50);
                upper.quadTo(0.82, 0.55, 0.95, 0.84);
                upper.closePath();
                shape = new Area(upper);
                shape.add(new Area(new RoundRectangle2D.Double(0.05, 0.82, 0.92, 0.11, 0.05, 0.05)));
            }
            default -> {
                upper.moveTo(0.08, 0.60);
                upper.lineTo(0.08, 0.40);
                upper.quadTo(0.30, 0.52, 0.55, 0.70);
                upper.quadTo(0.86, 0.70, 0.97, 0.88);
                upper.lineTo(0.62, 0.92);
                upper.quadTo(0.36, 0.80, 0.20, 0.60);
                upper.closePath();
                shape = new Area(upper);
                shape.add(new Area(polygon(0.09, 0.58, 0.20, 0.58, 0.17, 0.97, 0.13, 0.97)));
            }
        }
        return shape;
    }

    private static void shoeDetails(int style, List<Shape> out) {
        switch (style) {
            case 0 -> {
                out.add(new Line2D.Double(0.05, 0.80, 0.96, 0.80));
                for (int i = 0; i < 3; i++) {
                    out.add(new Line2D.Double(0.38 + i * 0.06, 0.50 + i * 0.02, 0.44 + i * 0.06, 0.47 + i * 0.02));
                }
            }
            case 1 -> {
                out.add(new Line2D.Double(0.06, 0.84, 0.96, 0.84));
                out.add(new Line2D.Double(0.12, 0.14, 0.43, 0.14));
            }
            default -> out.add(new QuadCurve2D.Double(0.09, 0.45, 0.30, 0.58, 0.52, 0.72));
        }
    }

    private static Shape bag(int style) {
        BasicStroke handle = new BasicStroke(0.035f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        Area shape;
        switch (style) {
            case 0 -> {
                shape = new Area(polygon(0.12, 0.38, 0.88, 0.38, 0.95, 0.96, 0.05, 0.96));
                shape.add(new Area(
                        handle.createStrokedShape(new QuadCurve2D.Double(0.26, 0.39, 0.36, -0.12, 0.46, 0.39))));
                shape.add(new Area(
                        handle.createStrokedShape(new QuadCurve2D.Double(0.54, 0.39, 0.64, -0.12, 0.74, 0.39))));
            }
            case 1 -> shape = new Area(new RoundRectangle2D.Double(0.04, 0.38, 0.92, 0.42, 0.10, 0.10));
            default -> {
                shape = new Area(new RoundRectangle2D.Double(0.20, 0.14, 0.60, 0.82, 0.30, 0.30));
                shape.add(
                        new Area(handle.createStrokedShape(new QuadCurve2D.Double(0.42, 0.16, 0.5, 0.0, 0.58, 0.16))));
                shape.add(new Area(new RoundRectangle2D.Double(0.13, 0.24, 0.08, 0.60, 0.06, 0.06)));
                shape.add(new Area(new RoundRectangle2D.Double(0.79, 0.24, 0.08, 0.60, 0.06, 0.06)));
            }
        }
        return shape;
    }

    private static void bagDetails(int style, List<Shape> out) {
        switch (style) {
            case 0 -> out.add(new Line2D.Double(0.10, 0.48, 0.90, 0.48));
            case 1 -> {
                out.add(polyline(0.05, 0.40, 0.5, 0.62, 0.95, 0.40));
                out.add(new Ellipse2D.Double(0.48, 0.60, 0.04, 0.04));
            }
            default -> out.add(new RoundRectangle2D.Double(0.30, 0.58, 0.40, 0.30, 0.10, 0.10));
        }
    }

    private static void addMirrored(Area shape, Shape left) {
        shape.add(new Area(left));
        shape.add(new Area(java.awt.geom.AffineTransform.getScaleInstance(-1, 1)
                .createTransformedShape(java.awt.geom.AffineTransform.getTranslateInstance(-1, 0)
                        .createTransformedShape(left))));
    }

    private static Path2D polygon(double... xy) {
        Path2D path = polyline(xy);
        path.closePath();
        return path;
    }

    private static Path2D polyline(double... xy) {
        Path2D path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        return path;
    }
}
