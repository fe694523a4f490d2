package io.cirstream.demo.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a product photo with Java2D: a backdrop in the family's tone with a soft floor shadow, the category's
 * silhouette filled in the product colour with shading, its pattern, seams and logo. The set-up (aspect ratio,
 * framing, light, backdrop) is the family's {@link Scene}; each photo adds a small jitter from its paint seed. The same
 * product always gives the same pixels. No fonts are used: the output does not depend on the machine's font set.
 */
final class ProductPainter {

    /** How many backdrop tones families draw from. */
    static final int BACKGROUND_COUNT = 6;

    private static final Color[] BACKGROUNDS = {
        new Color(252, 252, 252), new Color(236, 236, 238), new Color(245, 238, 226),
        new Color(226, 235, 246), new Color(234, 244, 231), new Color(248, 232, 233)
    };
    private static final Color[] COLOURS = {
        new Color(200, 30, 40), new Color(40, 80, 200), new Color(40, 150, 60), new Color(240, 205, 40),
        new Color(30, 30, 34), new Color(240, 240, 240), new Color(240, 140, 180), new Color(120, 50, 160),
        new Color(245, 130, 30), new Color(128, 128, 134), new Color(120, 75, 40), new Color(22, 32, 92)
    };
    private static final double[] SIZE_SCALE = {0.56, 0.72, 0.88};
    private static final Color LOGO_GOLD = new Color(235, 185, 35);
    private static final Color LOGO_DARK = new Color(20, 30, 110);
    /** Per-photo jitter of size, shape, aspect ratio and position (2 %): members of a family are not pixel clones. */
    private static final double PHOTO_JITTER = 0.02;

    private final int longSide;

    ProductPainter(int longSide) {
        this.longSide = longSide;
    }

    BufferedImage paint(SynthProduct product) {
        SplittableRandom random = new SplittableRandom(product.paintSeed());
        Look look = product.look();
        Scene scene = product.scene();
        double aspect = look.category().photoAspect() * scene.aspectFactor() * jitter(random, PHOTO_JITTER);
        int width = aspect >= 1 ? longSide : (int) Math.round(longSide * aspect);
        int height = aspect >= 1 ? (int) Math.round(longSide / aspect) : longSide;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            paintBackdrop(g, width, height, BACKGROUNDS[scene.background()], scene.backdropShift());
            Rectangle2D box = objectBox(look, scene, width, height, random);
            Shape unit = Silhouettes.outline(look);
            Rectangle2D drawn = unit.getBounds2D();
            // centre what is drawn (shorts, a clutch) in the box, at the scale of the whole box
            AffineTransform toBox = new AffineTransform(
                    box.getWidth(),
                    0,
                    0,
                    box.getHeight(),
                    box.getX() + (0.5 - drawn.getCenterX()) * box.getWidth(),
                    box.getY() + (0.5 - drawn.getCenterY()) * box.getHeight());
            Shape outline = toBox.createTransformedShape(unit);
            paintShadow(g, outline.getBounds2D());
            Color colour = COLOURS[look.index(Attribute.COLOUR)];
            paintBody(g, outline, box, colour, scene.lightFromLeft());
            g.setClip(outline);
            Patterns.paint(g, look.value(Attribute.PATTERN), box, contrast(colour));
            paintLogo(g, look, box, toBox, colour);
            g.setClip(null);
            paintDetails(g, look, toBox, box, colour);
            g.setColor(shade(colour, 0.55));
            g.setStroke(
                    new BasicStroke((float) (box.getWidth() * 0.012), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(outline);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void paintBackdrop(Graphics2D g, int width, int height, Color tone, int shift) {
        Color top =
                new Color(clamp(tone.getRed() + shift), clamp(tone.getGreen() + shift), clamp(tone.getBlue() + shift));
        g.setPaint(new GradientPaint(0, 0, top, 0, height, shade(top, 0.9)));
        g.fillRect(0, 0, width, height);
    }

    private static Rectangle2D objectBox(Look look, Scene scene, int width, int height, SplittableRandom random) {
        double scale = SIZE_SCALE[look.index(Attribute.SIZE)] * jitter(random, PHOTO_JITTER);
        double shapeAspect = look.category().shapeAspect() * scene.shapeFactor() * jitter(random, PHOTO_JITTER);
        double boxWidth = Math.min(width * scale, height * scale * shapeAspect);
        double boxHeight = boxWidth / shapeAspect;
        double cx = width * (0.5 + scene.offsetX() + (random.nextDouble() - 0.5) * PHOTO_JITTER);
        double cy = height * (0.5 + scene.offsetY() + (random.nextDouble() - 0.5) * PHOTO_JITTER);
        return new Rectangle2D.Double(cx - boxWidth / 2, cy - boxHeight / 2, boxWidth, boxHeight);
    }

    private static void paintShadow(Graphics2D g, Rectangle2D box) {
        g.setColor(new Color(0, 0, 0, 38));
        g.fill(new Ellipse2D.Double(
                box.getX() + box.getWidth() * 0.08,
                box.getMaxY() - box.getHeight() * 0.03,
                box.getWidth() * 0.84,
                box.getHeight() * 0.07));
    }

    private static void paintBody(Graphics2D g, Shape outline, Rectangle2D box, Color colour, boolean fromLeft) {
        float x0 = (float) (fromLeft ? box.getX() : box.getMaxX());
        float x1 = (float) (fromLeft ? box.getMaxX() : box.getX());
        g.setPaint(new GradientPaint(
                x0, (float) box.getY(), shade(colour, 1.12), x1, (float) box.getMaxY(), shade(colour, 0.82)));
        g.fill(outline);
    }

    private static void paintLogo(Graphics2D g, Look look, Rectangle2D box, AffineTransform toBox, Color colour) {
        String logo = look.value(Attribute.LOGO);
        if ("none".equals(logo)) {
            return;
        }
        Point2D centre = toBox.transform(Silhouettes.logoAnchor(look), null);
        double size = Silhouettes.logoSize(look.category()) * box.getWidth();
        boolean light = luminance(colour) > 0.6 || look.index(Attribute.COLOUR) == 3;
        g.setColor(light ? LOGO_DARK : LOGO_GOLD);
        g.fill(Logos.shape(logo, centre.getX(), centre.getY(), size));
    }

    private static void paintDetails(Graphics2D g, Look look, AffineTransform toBox, Rectangle2D box, Color colour) {
        List<Shape> details = Silhouettes.details(look);
        g.setColor(shade(colour, 0.62));
        g.setStroke(new BasicStroke((float) (box.getWidth() * 0.01), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Shape detail : details) {
            g.draw(toBox.createTransformedShape(detail));
        }
    }

    /** A pattern colour that stands out on the body colour. */
    private static Color contrast(Color colour) {
        return luminance(colour) > 0.55 ? new Color(35, 35, 40) : new Color(246, 246, 246);
    }

    private static double luminance(Color c) {
        return (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255.0;
    }

    private static Color shade(Color c, double factor) {
        return new Color(clamp(c.getRed() * factor), clamp(c.getGreen() * factor), clamp(c.getBlue() * factor));
    }

    /** A factor within ±{@code amount}/2 of 1. */
    private static double jitter(SplittableRandom random, double amount) {
        return 1 + (random.nextDouble() - 0.5) * amount;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
