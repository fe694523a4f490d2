package io.cirstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.image.ImageLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image features against PyTorch's on the committed fixture images: decoding, targetpad preprocessing and the
 * TorchScript encoder together, and the encoder alone on PyTorch's own preprocessed tensors.
 */
class ImageEmbedderParityTest {

    /**
     * Decoding (the same libjpeg/libpng arithmetic) and the PIL-exact resizer (PIL's integer fixed-point filter,
     * reimplemented integer for integer) give the same bytes on every CPU; only the float32 encoder rounds. For
     * features f and f + Δ, cos ≥ 1 − ½(|Δ|/|f|)², so 0.9999 allows a normwise relative error of 1.4e-2 between two
     * evaluations. Under the Hoeffding model of rounding (each rounding ≤ u = 2⁻²⁴, independent, mean zero; λ = 8) a
     * layer reducing n terms errs by at most λ·u·√n relative to the absolute sum of its terms: with n ≤ 9·C for a 3×3
     * convolution over C channels (C ≤ 256 in the fixture encoder, so √n ≤ 48), that is 2.3e-5 per layer, and over the
     * encoder's ≈ 20 layers ≤ 4.6e-4 times the ratio κ of absolute sums to values. Two evaluations then stay within the
     * bound while κ ≤ 15 — a ratio the encoders' measured agreement (cosine 1 − 1e-9) is far from testing.
     */
    static final double MIN_COSINE = 0.9999;

    /**
     * Lossy WebP is decoded by TwelveMonkeys' VP8 decoder, not libwebp (which PIL uses); its pixels differ by up to
     * 14 levels after preprocessing, so that one fixture gets a looser bound (measured: cosine 0.99906).
     */
    static final double MIN_COSINE_LOSSY_WEBP = 0.999;

    static ModelBundle bundle;
    static ImageEmbedder embedder;
    static JsonNode reference;

    @BeforeAll
    static void load() {
        bundle = ModelBundle.open(Fixtures.tinyBundle());
        // a batch size of 5 makes the fixture images cross batch boundaries while the next batch is preprocessed
        embedder = ImageEmbedder.open(
                bundle, new TorchRuntime.Resolved(Device.cpu(), false, 5, 7, 2, 2, 1000), ImageLimits.DEFAULTS);
        reference = Fixtures.reference("images.json");
        assertThat(reference.path("encoderVersion").asText()).isEqualTo(bundle.encoderVersion());
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static List<ImageInput> fixtureImages() throws IOException {
        List<ImageInput> inputs = new ArrayList<>();
        for (JsonNode image : reference.path("images")) {
            String file = image.path("file").asText();
            inputs.add(new ImageInput(
                    file, Files.readAllBytes(Fixtures.root().resolve("images").resolve(file))));
        }
        return inputs;
    }

    @Test
    void featuresFromEncodedImagesMatchPyTorch() throws IOException {
        List<ImageInput> inputs = fixtureImages();
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(8);

        float[][] features = embedder.embed(inputs);

        double worst = 1;
        for (int i = 0; i < features.length; i++) {
            float[] expected = Fixtures.floats(reference.path("images").get(i).path("feature"));
            double cosine = Fixtures.cosine(features[i], expected);
            boolean lossyWebp = inputs.get(i).name().startsWith("lossy_")
                    && inputs.get(i).name().endsWith(".webp");
            assertThat(cosine)
                    .as("cosine of %s", inputs.get(i).name())
                    .isGreaterThanOrEqualTo(lossyWebp ? MIN_COSINE_LOSSY_WEBP : MIN_COSINE);
            if (!lossyWebp) {
                worst = Math.min(worst, cosine);
            }
            assertThat(norm(features[i]))
                    .as("raw, un-normalised feature")
                    .isNotCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
        }
        System.out.printf("image parity: %d images, worst cosine (lossy WebP aside) %.9f%n", features.length, worst);
    }

    @Test
    void encoderAloneMatchesPyTorchOnItsPreprocessedTensors() throws IOException {
        int size = bundle.preprocessing().inputSize();
        for (JsonNode image : reference.path("images")) {
            float[] pixels = readFloats(Fixtures.root()
                    .resolve("reference")
                    .resolve(image.path("preprocessed").asText()));
            assertThat(pixels).hasSize(3 * size * size);

            float[] feature = embedder.embedPreprocessed(pixels, 1)[0];

            assertThat(Fixtures.cosine(feature, Fixtures.floats(image.path("feature"))))
                    .as("encoder cosine of %s", image.path("file").asText())
                    .isGreaterThanOrEqualTo(0.999999);
        }
    }

    @Test
    void aBadImageIsReportedAndTheRestOfItsBatchIsEmbedded() throws IOException {
        List<ImageInput> inputs = new ArrayList<>(fixtureImages().subList(0, 3));
        inputs.add(1, new ImageInput("broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00}));

        List<ImageEmbedding> results = embedder.embedAll(inputs);

        assertThat(results).hasSize(4);
        assertThat(results.get(1).ok()).isFalse();
        assertThat(results.get(1).error().getMessage()).contains("broken.jpg");
        for (int i : new int[] {0, 2, 3}) {
            int ref = i < 1 ? i : i - 1;
            assertThat(Fixtures.cosine(
                            results.get(i).feature(),
                            Fixtures.floats(reference.path("images").get(ref).path("feature"))))
                    .isGreaterThanOrEqualTo(MIN_COSINE);
        }
        assertThatThrownBy(() -> embedder.embed(inputs)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void refusesAnImageOverTheConfiguredLimits() throws IOException {
        ImageInput large = new ImageInput(
                "large_1600x1200.jpg", Files.readAllBytes(Fixtures.root().resolve("images/large_1600x1200.jpg")));
        try (ImageEmbedder strict =
                ImageEmbedder.open(bundle, TorchRuntime.Resolved.cpu(1), new ImageLimits(10_000_000, 1_000_000))) {
            assertThatThrownBy(() -> strict.embed(large))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("large_1600x1200.jpg")
                    .hasMessageContaining("1920000 pixels, over the limit of 1000000");
        }
    }

    @Test
    void aBundleWhoseEncoderDisagreesWithItsFeatureDimIsRefused(@TempDir Path copy) throws IOException {
        for (Path file : Files.list(Fixtures.tinyBundle()).toList()) {
            Files.copy(file, copy.resolve(file.getFileName()));
        }
        Path manifest = copy.resolve(ModelBundle.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"featureDim\": 32", "\"featureDim\": 48"));
        ModelBundle wrong = ModelBundle.open(copy);
        ImageInput image = new ImageInput(
                "tiny_7x5.png", Files.readAllBytes(Fixtures.root().resolve("images/tiny_7x5.png")));

        try (ImageEmbedder embedder = ImageEmbedder.open(wrong, TorchRuntime.Resolved.cpu(1), ImageLimits.DEFAULTS)) {
            assertThatThrownBy(() -> embedder.embed(image))
                    .isInstanceOf(ModelBundleException.class)
                    .hasMessageContaining("the image encoder returned 32 values for 1 inputs")
                    .hasMessageContaining("featureDim 48");
        }
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(out);
        return out;
    }
}
