package io.cirstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CLIP tokenisation and text features against PyTorch's, on the committed tiny bundle and captions. */
class TextEmbedderParityTest {

    /**
     * Tokenisation is integer work (identical ids are asserted); only the float32 transformer rounds. cos ≥
     * 1 − ½(|Δ|/|f|)², so 0.99999 allows a normwise relative error of 4.5e-3. Under the Hoeffding model (see
     * ImageEmbedderParityTest; λ = 8) a matrix product over n ≤ 4·W terms (W the fixture's width, ≤ 128: √n ≤ 23)
     * errs by ≤ 1.1e-5 relative to its absolute sums, and the text tower's ≈ 12 products and attention softmaxes by
     * ≤ 1.3e-4·κ: within the bound while the ratio κ of absolute sums to values stays ≤ 30.
     */
    static final double MIN_COSINE = 0.99999;

    static ModelBundle bundle;
    static TextEmbedder embedder;
    static JsonNode texts;

    @BeforeAll
    static void load() {
        bundle = ModelBundle.open(Fixtures.tinyBundle());
        // a batch size of 7 makes the 30+ captions cross several batch boundaries
        embedder = TextEmbedder.open(bundle, new TorchRuntime.Resolved(Device.cpu(), false, 5, 7, 2, 3, 1000));
        texts = Fixtures.reference("texts.json");
        assertThat(texts.path("encoderVersion").asText()).isEqualTo(bundle.encoderVersion());
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void tokenIdsEqualOpenClipsForEveryCaption() {
        assertThat(texts.path("texts").size()).isGreaterThanOrEqualTo(30);
        for (JsonNode text : texts.path("texts")) {
            long[] expected = Fixtures.longs(text.path("tokens"));
            assertThat(embedder.tokenizer().encode(text.path("caption").asText()))
                    .as("tokens of '%s'", text.path("caption").asText())
                    .containsExactly(expected);
        }
    }

    @Test
    void truncationKeepsTheEndToken() {
        long[] ids = embedder.tokenizer().encode("red ".repeat(200));

        assertThat(ids).hasSize(77);
        assertThat(ids[0]).isEqualTo(ClipTokenizer.START_TOKEN);
        assertThat(ids[76]).isEqualTo(ClipTokenizer.END_TOKEN);
        assertThat(ids[75]).isNotZero();
    }

    @Test
    void batchedFeaturesMatchPyTorch() {
        List<String> captions = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (JsonNode text : texts.path("texts")) {
            captions.add(text.path("caption").asText());
            expected.add(Fixtures.floats(text.path("feature")));
        }

        float[][] features = embedder.embed(captions);

        double worst = 1;
        for (int i = 0; i < features.length; i++) {
            assertThat(features[i]).hasSize(bundle.featureDim());
            double cosine = Fixtures.cosine(features[i], expected.get(i));
            worst = Math.min(worst, cosine);
            assertThat(cosine).as("cosine of '%s'", captions.get(i)).isGreaterThanOrEqualTo(MIN_COSINE);
        }
        System.out.printf("text parity: %d captions, worst cosine %.9f%n", features.length, worst);
    }

    @Test
    void aSingleCaptionEqualsItsBatchedFeature() {
        JsonNode first = texts.path("texts").get(0);
        float[] alone = embedder.embed(first.path("caption").asText());

        assertThat(Fixtures.cosine(alone, Fixtures.floats(first.path("feature"))))
                .isGreaterThanOrEqualTo(MIN_COSINE);
    }

    @Test
    void refusesAnOverLongOrNullCaptionNamingTheLimit() {
        String tooLong = "x".repeat(RuntimeConfig.DEFAULT_MAX_CAPTION_CHARS + 1);

        assertThatThrownBy(() -> embedder.embed(List.of("fine", tooLong)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("caption 1 has 1001 characters, over the limit of 1000");
        assertThatThrownBy(() -> embedder.embed((String) null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("caption 0 is null");
    }
}
