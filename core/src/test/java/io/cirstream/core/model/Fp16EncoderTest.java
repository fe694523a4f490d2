package io.cirstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.image.ImageLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The half-precision path a GPU takes (fp16 encoder files, inputs cast to fp16, features back to fp32), run here on
 * the CPU, which libtorch also computes in fp16: features stay within tolerance of PyTorch's fp32 references.
 */
class Fp16EncoderTest {

    static final double MIN_COSINE_FP16 = 0.999;

    private static TorchRuntime.Resolved fp16Cpu() {
        return new TorchRuntime.Resolved(Device.cpu(), true, 8, 16, 2, 2, RuntimeConfig.DEFAULT_MAX_CAPTION_CHARS);
    }

    @Test
    void bundleListsFp16EncodersAndTheyAreChosenWhenFp16IsOn() {
        ModelBundle bundle = ModelBundle.open(Fixtures.tinyBundle());

        assertThat(bundle.manifest().imageEncoder().fp16File()).isEqualTo("image_encoder.fp16.pt");
        try (ImageEmbedder images = ImageEmbedder.open(bundle, fp16Cpu(), ImageLimits.DEFAULTS);
                ImageEmbedder fp32 = ImageEmbedder.open(bundle, TorchRuntime.Resolved.cpu(1), ImageLimits.DEFAULTS)) {
            assertThat(images.fp16()).isTrue();
            assertThat(fp32.fp16()).isFalse();
        }
    }

    @Test
    void fp16ImageFeaturesStayCloseToPyTorchFp32() throws IOException {
        ModelBundle bundle = ModelBundle.open(Fixtures.tinyBundle());
        JsonNode reference = Fixtures.reference("images.json");
        List<ImageInput> inputs = new ArrayList<>();
        for (JsonNode image : reference.path("images")) {
            String file = image.path("file").asText();
            inputs.add(new ImageInput(
                    file, Files.readAllBytes(Fixtures.root().resolve("images").resolve(file))));
        }
        try (ImageEmbedder embedder = ImageEmbedder.open(bundle, fp16Cpu(), ImageLimits.DEFAULTS)) {
            float[][] features = embedder.embed(inputs);
            double worst = 1;
            for (int i = 0; i < features.length; i++) {
                double cosine = Fixtures.cosine(
                        features[i],
                        Fixtures.floats(reference.path("images").get(i).path("feature")));
                worst = Math.min(worst, cosine);
                assertThat(cosine)
                        .as("fp16 cosine of %s", inputs.get(i).name())
                        .isGreaterThanOrEqualTo(MIN_COSINE_FP16);
            }
            System.out.printf("fp16 image features: worst cosine to fp32 PyTorch %.6f%n", worst);
        }
    }

    @Test
    void fp16TextFeaturesStayCloseToPyTorchFp32() {
        ModelBundle bundle = ModelBundle.open(Fixtures.tinyBundle());
        JsonNode texts = Fixtures.reference("texts.json").path("texts");
        List<String> captions = new ArrayList<>();
        for (JsonNode text : texts) {
            captions.add(text.path("caption").asText());
        }
        try (TextEmbedder embedder = TextEmbedder.open(bundle, fp16Cpu())) {
            float[][] features = embedder.embed(captions);
            double worst = 1;
            for (int i = 0; i < features.length; i++) {
                double cosine = Fixtures.cosine(
                        features[i], Fixtures.floats(texts.get(i).path("feature")));
                worst = Math.min(worst, cosine);
                assertThat(cosine).as("fp16 cosine of '%s'", captions.get(i)).isGreaterThanOrEqualTo(MIN_COSINE_FP16);
            }
            System.out.printf("fp16 text features: worst cosine to fp32 PyTorch %.6f%n", worst);
        }
    }
}
