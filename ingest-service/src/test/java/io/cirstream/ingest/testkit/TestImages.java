package io.cirstream.ingest.testkit;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small PNGs for ingest tests, deterministic by seed. */
public final class TestImages {

    private TestImages() {}

    /** A {@code side}×{@code side} PNG of blocks in colours drawn from {@code seed}: each seed its own image. */
    public static byte[] png(int seed, int side) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int block = Math.max(1, side / 4);
        for (int by = 0; by < side; by += block) {
            for (int bx = 0; bx < side; bx += block) {
                int rgb = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)).getRGB();
                for (int y = by; y < Math.min(side, by + block); y++) {
                    for (int x = bx; x < Math.min(side, bx + block); x++) {
                        image.setRGB(x, y, rgb);
                    }
                }
            }
        }
        return encode(image);
    }

    /** A {@code side}×{@code side} PNG of random noise: large for its size, since PNG cannot compress it. */
    public static byte[] noisePng(int seed, int side) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        return encode(image);
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
