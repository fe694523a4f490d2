package io.cirstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times decoding and targetpad preprocessing of a 1600×1200 JPEG to 288×288 on one thread. Off by default; run
 * with {@code ./mvnw -pl core test -Dtest=PreprocessingBenchmarkTest -Dcirstream.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "cirstream.benchmark", matches = "true")
class PreprocessingBenchmarkTest {

    private static final int WARMUP = 30;
    private static final int RUNS = 50;

    @Test
    void timesA1600x1200JpegTo288() throws IOException {
        byte[] jpeg = photoLikeJpeg(1600, 1200);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
        TargetPadPreprocessor preprocessor = new TargetPadPreprocessor(PreprocessSpec.clip4cir(288));
        float[] out = new float[preprocessor.outputLength()];
        for (int i = 0; i < WARMUP; i++) {
            preprocessor.preprocess(decoder.decode(jpeg, "warmup"), out, 0);
        }
        long decodeNanos = 0;
        long preprocessNanos = 0;
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            DecodedImage image = decoder.decode(jpeg, "photo");
            long t1 = System.nanoTime();
            preprocessor.preprocess(image, out, 0);
            long t2 = System.nanoTime();
            decodeNanos += t1 - t0;
            preprocessNanos += t2 - t1;
        }
        System.out.printf(
                "1600x1200 JPEG (%d bytes) -> 288x288: decode %.2f ms, targetpad+normalise %.2f ms per image%n",
                jpeg.length, decodeNanos / 1e6 / RUNS, preprocessNanos / 1e6 / RUNS);
        assertThat(out[0]).isFinite();
    }

    private static byte[] photoLikeJpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 70.0) * Math.cos(y / 50.0)) + random.nextInt(9) - 4;
                int g = (int) (128 + 90 * Math.cos((x + y) / 90.0)) + random.nextInt(9) - 4;
                int b = (x * 255 / width + y * 255 / height) / 2 + random.nextInt(9) - 4;
                image.setRGB(x, y, clamp(r) << 16 | clamp(g) << 8 | clamp(b));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
