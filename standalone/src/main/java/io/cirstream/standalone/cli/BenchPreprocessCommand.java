package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.CirstreamException;
import io.cirstream.core.image.DecodedImage;
import io.cirstream.core.image.ImageDecoder;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.image.PreprocessSpec;
import io.cirstream.core.image.TargetPadPreprocessor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream bench preprocess}: decoding a product-like JPEG and CLIP4Cir's targetpad preprocessing on one
 * thread, in Java ({@link ImageDecoder}, the PIL-exact {@link TargetPadPreprocessor}) and in PIL + torchvision
 * (tools/bench_preprocess_reference.py) on the same file in the same run.
 */
@Command(
        name = "preprocess",
        mixinStandardHelpOptions = true,
        description = "Java vs PIL + torchvision: decode and targetpad-preprocess one JPEG, ms per image (one thread).")
final class BenchPreprocessCommand implements Callable<Integer> {

    @Option(names = "--width", defaultValue = "1600", description = "JPEG width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "1200", description = "JPEG height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--size", defaultValue = "288", description = "Model input size S (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "30", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    ReferenceOptions referenceOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (runs < 1 || warmup < 0) {
            throw new CirstreamException("--runs must be >= 1 and --warmup >= 0 (got " + runs + ", " + warmup + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        byte[] jpeg = photoLikeJpeg(width, height);
        double[] java = measureJava(jpeg);
        String json = String.format(
                Locale.ROOT,
                "{\"width\":%d,\"height\":%d,\"size\":%d,\"runs\":%d,\"javaDecodeMs\":%.3f,\"javaPreprocessMs\":%.3f",
                width,
                height,
                size,
                runs,
                java[0],
                java[1]);
        out.printf(
                Locale.ROOT,
                "%dx%d JPEG (%d bytes) -> %dx%d, one thread, %d runs%n",
                width,
                height,
                jpeg.length,
                size,
                size,
                runs);
        out.printf(Locale.ROOT, "java:    decode %.2f ms, targetpad + normalise %.2f ms%n", java[0], java[1]);
        if (referenceOptions.measureReference()) {
            JsonNode reference = measureReference(jpeg);
            double decode = reference.path("decodeMs").asDouble();
            double preprocess = reference.path("preprocessMs").asDouble();
            out.printf(
                    Locale.ROOT,
                    "pytorch: decode %.2f ms, targetpad + normalise %.2f ms (PIL %s, torchvision %s)%n",
                    decode,
                    preprocess,
                    reference.path("pillow").asText(),
                    reference.path("torchvision").asText());
            out.printf(
                    Locale.ROOT,
                    "ratio (reference / java, > 1 = Java faster): decode %.2f, preprocess %.2f," + " both %.2f%n",
                    decode / java[0],
                    preprocess / java[1],
                    (decode + preprocess) / (java[0] + java[1]));
            json += String.format(
                    Locale.ROOT, ",\"referenceDecodeMs\":%.3f,\"referencePreprocessMs\":%.3f", decode, preprocess);
        }
        referenceOptions.writeJson(json + "}\n");
        return 0;
    }

    /** Mean ms per image of decoding and of preprocessing, after the warm-up. */
    private double[] measureJava(byte[] jpeg) {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
        TargetPadPreprocessor preprocessor = new TargetPadPreprocessor(PreprocessSpec.clip4cir(size));
        float[] tensor = new float[preprocessor.outputLength()];
        long decodeNanos = 0;
        long preprocessNanos = 0;
        for (int run = 0; run < warmup + runs; run++) {
            long t0 = System.nanoTime();
            DecodedImage image = decoder.decode(jpeg, "bench");
            long t1 = System.nanoTime();
            preprocessor.preprocess(image, tensor, 0);
            long t2 = System.nanoTime();
            if (run >= warmup) {
                decodeNanos += t1 - t0;
                preprocessNanos += t2 - t1;
            }
        }
        return new double[] {decodeNanos / 1e6 / runs, preprocessNanos / 1e6 / runs};
    }

    private JsonNode measureReference(byte[] jpeg) throws IOException {
        Path file = Files.createTempFile("cirstream-bench-", ".jpg");
        try {
            Files.write(file, jpeg);
            return referenceOptions
                    .reference("bench_preprocess_reference.py")
                    .run(List.of(
                            "--image", file.toString(),
                            "--size", Integer.toString(size),
                            "--warmup", Integer.toString(warmup),
                            "--runs", Integer.toString(runs)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A smooth, slightly noisy photo-like image (what product photos compress like), as a JPEG. */
    static byte[] photoLikeJpeg(int width, int height) throws IOException {
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

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
