package io.cirstream.trainer.stage1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.ModelBundleException;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.testkit.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle a stage-1 run writes: TorchScript saved from Java after a training step loads in the inference runtime
 * and gives the trained module's features; a new encoder version; sha256s that catch a changed file; stage 2's
 * Combiner added under the same encoder version.
 */
class BundleWriterTest {

    private static final ModelBundle TINY = ModelBundle.open(Repository.root().resolve("fixtures/tiny-bundle"));

    @Test
    void aTrainedSessionIsWrittenAsAVerifiedBundleThatServesItsFeatures(@TempDir Path dir) throws IOException {
        Stage1Reference reference = Stage1Reference.load();
        AdamWSettings fast = AdamWSettings.withLearningRate(1e-3);
        try (Stage1Session session = Stage1Session.open(TINY, Device.cpu(), EncoderSelection.BOTH, fast)) {
            session.step(List.of(reference.stage1Batch()));
            ModelBundle written = BundleWriter.writeEncoders(session, TINY, "tiny-rn-stage1", dir.resolve("b"));

            assertThat(written.encoderVersion()).startsWith("tiny-rn-stage1-").isNotEqualTo(TINY.encoderVersion());
            assertThat(written.hasCombiner()).isFalse();
            assertThat(written.manifest().files())
                    .containsOnlyKeys(
                            BundleWriter.IMAGE_ENCODER_FILE,
                            BundleWriter.TEXT_ENCODER_FILE,
                            BundleWriter.TOKENIZER_FILE);

            float[] probe = reference.images();
            int side = reference.inputSize();
            float[] trained;
            float[] text;
            try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE)) {
                NDArray input = manager.create(probe, new Shape(2L * reference.batch(), 3, side, side));
                trained = session.image().forwardFrozen(input).toFloatArray();
                NDArray tokens = manager.create(reference.tokens(), new Shape(reference.batch(), 77));
                text = session.text().forwardFrozen(tokens).toFloatArray();
            }
            TorchRuntime.Resolved cpu = TorchRuntime.Resolved.cpu(1);
            try (ImageEmbedder images = ImageEmbedder.open(written, cpu, ImageLimits.DEFAULTS);
                    TextEmbedder texts = TextEmbedder.open(written, cpu)) {
                float[][] served = images.embedPreprocessed(probe, 2 * reference.batch());
                assertThat(flatten(served)).containsExactly(trained);
                long[][] rows = new long[reference.batch()][];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = java.util.Arrays.copyOfRange(reference.tokens(), i * 77, (i + 1) * 77);
                }
                assertThat(flatten(texts.embedTokens(rows))).containsExactly(text);
            }
        }

        Path image = dir.resolve("b").resolve(BundleWriter.IMAGE_ENCODER_FILE);
        Files.write(image, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ModelBundle.open(dir.resolve("b")))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("sha256");
    }

    @Test
    void stageTwoAddsItsCombinerUnderTheSameEncoderVersion(@TempDir Path dir) {
        CombinerWeights combiner = CombinerWeights.load(TINY.combinerFile());
        ModelBundle withCombiner = BundleWriter.withCombiner(TINY, combiner, dir.resolve("c"));
        assertThat(withCombiner.encoderVersion()).isEqualTo(TINY.encoderVersion());
        assertThat(withCombiner.combinerVersion()).startsWith(TINY.name() + "-combiner-");
        combiner.save(dir.resolve("same.safetensors"));
        assertThat(ModelBundle.sha256(withCombiner.combinerFile()))
                .isEqualTo(ModelBundle.sha256(dir.resolve("same.safetensors")));
        assertThat(withCombiner.manifest().files()).containsKey(BundleWriter.COMBINER_FILE);
    }

    private static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }
}
