package io.cirstream.standalone.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Images and captions for benchmarks: product-photo-like JPEGs (a garment-ish shape on a gradient background, at
 * catalogue sizes and aspect ratios), deterministic by seed, written to a directory both Java and Python read.
 */
final class BenchImages {

    /** Catalogue-like sizes: portrait, square and landscape product photos. */
    private static final int[][] SIZES = {{600, 800}, {1000, 1000}, {750, 1000}, {1200, 900}, {480, 640}, {800, 1200}};

    static final List<String> CAPTIONS = List.of(
            "is red instead of blue and has long sleeves",
            "is shorter and has a floral print",
            "has no logo and is more formal",
            "is a darker shade with a v-neck",
            "same dress but in green with thin straps",
            "is black and white striped and sleeveless",
            "has a graphic print on the front and is looser",
            "is a brighter yellow and has buttons",
            "the same bag, but in brown leather with a gold buckle",
            "make the shoes white sneakers instead of boots",
            "is longer, pleated and navy blue",
            "has polka dots and a collar");

    private BenchImages() {}

    /** The image files in a directory (jpg, jpeg, png, webp), sorted by name. */
    static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(jpe?g|png|webp)"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list images in " + dir, e);
        }
    }

    /** Writes {@code count} JPEGs (quality 0.9) into {@code dir}. */
    static List<Path> generate(Path dir, int count, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] size = SIZES[i % SIZES.length];
            Path file = dir.resolve(String.format("bench-%04d.jpg", i));
            writeJpeg(draw(size[0], size[1], random), file);
            files.add(file);
        }
        return files;
    }

    /**
     * {@code count} distinct product-like JPEGs in memory, at the same catalogue sizes as {@link #generate}; image
     * {@code i} is drawn from seed {@code seed + i}, so the set is the same whatever the thread count.
     */
    static List<byte[]> productJpegs(int count, long seed) {
        return IntStream.range(0, count)
                .parallel()
                .mapToObj(i -> {
                    int[] size = SIZES[i % SIZES.length];
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try {
                        writeJpeg(draw(size[0], size[1], new Random(seed + i)), out);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot encode a benchmark image", e);
                    }
                    return out.toByteArray();
                })
                .toList();
    }

    /** Writes the benchmark captions, one per line. */
    static Path writeCaptions(Path file, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(CAPTIONS.get(i % CAPTIONS.size()) + (i >= CAPTIONS.size() ? " " + (i / CAPTIONS.size()) : ""));
        }
        return Files.write(file, lines);
    }

    private static BufferedImage draw(int width, int height, Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, randomColor(random, 200), width, height, randomColor(random, 150)));
        g.fillRect(0, 0, width, height);
        g.setColor(randomColor(random, 0));
        int bodyWidth = width / 2;
        int bodyHeight = height * 2 / 3;
        int left = (width - bodyWidth) / 2;
        int top = height / 6;
        g.fillRoundRect(left, top, bodyWidth, bodyHeight, width / 10, width / 10);
        g.fillRect(left - width / 8, top, width / 8, bodyHeight / 2);
        g.fillRect(left + bodyWidth, top, width / 8, bodyHeight / 2);
        g.setColor(randomColor(random, 0));
        g.setStroke(new BasicStroke(Math.max(2, width / 100f)));
        for (int stripe = top; stripe < top + bodyHeight; stripe += Math.max(8, height / 25)) {
            g.drawLine(left, stripe, left + bodyWidth, stripe + random.nextInt(Math.max(1, height / 40)));
        }
        g.dispose();
        for (int n = 0; n < width * height / 20; n++) { // sensor-like noise so JPEG does real work
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            image.setRGB(x, y, image.getRGB(x, y) ^ random.nextInt(0x0F0F0F));
        }
        return image;
    }

    private static Color randomColor(Random random, int floor) {
        int span = 256 - floor;
        return new Color(floor + random.nextInt(span), floor + random.nextInt(span), floor + random.nextInt(span));
    }

    private static void writeJpeg(BufferedImage image, Path file) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file)) {
            writeJpeg(image, stream);
        }
    }

    private static void writeJpeg(BufferedImage image, OutputStream stream) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(stream)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
