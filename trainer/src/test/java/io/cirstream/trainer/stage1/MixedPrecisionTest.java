package io.cirstream.trainer.stage1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.testkit.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 1 in mixed precision (float16 forward/backward, float32 masters, dynamic loss scaling) on the CPU with the
 * tiny fixture bundle's float16 encoders, against the float32 step on the same batch (tools/make_stage1_reference.py's
 * batch of 8).
 *
 * <p>The bounds. Unit roundoff of float16 u = 2^−11 ≈ 4.9e−4. The mixed features differ from the float32 ones by the
 * roundings on the way: per layer the weights stored in float16, the layer's input stored in float16 and its output
 * rounded to float16, three roundings of relative size ≤ u each, over the ≈ 20 layers of the encoders (the count
 * {@link Stage1ParityTest} uses). Sums inside a convolution or matrix product accumulate in float32 on libtorch's CPU
 * kernels (and in cuBLAS's default for half GEMMs), so their own errors are float32-sized (≈ 2^−13 of u) and left out;
 * that is also why the summation order of a CPU's kernels (AVX2, AVX-512) hardly matters here: the float16 roundings
 * are of the same values on any CPU. To first order, with layers that do not amplify relative errors, the errors add:
 * ε_f ≤ 20·3·u ≈ 0.029, the worst case rather than the typical √n growth (a √60·u ≈ 0.004 estimate is exceeded by the
 * image encoder's batch-normalised, attention-pooled features, so the linear worst case is the bound). The loss then
 * follows as in {@link Stage1ParityTest}: cos of two normalised vectors moves by ≤ 2ε_f, a logit is 100·cos, and
 * cross-entropy moves by ≤ 2·max|δlogit|: |δL| ≤ 2·100·2·ε_f ≈ 11.7. That bound is loose (the 100 of the logits): the
 * feature check is the sharp one, the loss check catches a mixed step computing something else entirely (NaN, inf, a
 * loss in float16 that saturates).
 */
class MixedPrecisionTest {

    private static final double UNIT_ROUNDOFF_FP16 = Math.scalb(1.0, -11);
    private static final double FEATURE_BOUND = 20 * 3 * UNIT_ROUNDOFF_FP16;
    private static final double LOSS_BOUND = 2 * 100 * 2 * FEATURE_BOUND;
    private static final Path TINY_DIRECTORY = Repository.root().resolve("fixtures/tiny-bundle");

    private static Stage1Reference reference;
    private static ModelBundle bundle;

    @BeforeAll
    static void load() {
        reference = Stage1Reference.load();
        bundle = ModelBundle.open(TINY_DIRECTORY);
    }

    @Test
    void float16FeaturesAreWithinTheRoundingBoundOfFloat32() {
        int side = reference.inputSize();
        try (PtNDManager manager = (PtNDManager) NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE);
                TrainableEncoder image = TrainableEncoder.load(manager, bundle.imageEncoderFile(), "image.");
                TrainableEncoder imageHalf =
                        TrainableEncoder.load(manager, TINY_DIRECTORY.resolve("image_encoder.fp16.pt"), "image.");
                TrainableEncoder text = TrainableEncoder.load(manager, bundle.textEncoderFile(), "text.");
                TrainableEncoder textHalf =
                        TrainableEncoder.load(manager, TINY_DIRECTORY.resolve("text_encoder.fp16.pt"), "text.")) {
            NDArray pixels = manager.create(reference.images(), new Shape(2L * reference.batch(), 3, side, side));
            NDArray tokens = manager.create(reference.tokens(), new Shape(reference.batch(), 77));
            double imageError = maxRelativeRowError(
                    image.forwardFrozen(pixels), imageHalf.forwardFrozen(pixels.toType(DataType.FLOAT16, false)));
            double textError = maxRelativeRowError(text.forwardFrozen(tokens), textHalf.forwardFrozen(tokens));
            System.out.printf(
                    "mixed precision: feature relative error image %.2e text %.2e (bound %.2e)%n",
                    imageError, textError, FEATURE_BOUND);
            assertThat(imageError).isLessThanOrEqualTo(FEATURE_BOUND);
            assertThat(textError).isLessThanOrEqualTo(FEATURE_BOUND);
        }
    }

    @Test
    void oneMixedStepMatchesTheFloat32LossAndStepsFloat32Masters(@TempDir Path directory) {
        AdamWSettings settings = AdamWSettings.withLearningRate(1e-3);
        float fp32Loss;
        try (Stage1Session fp32 = Stage1Session.open(bundle, Device.cpu(), EncoderSelection.BOTH, settings)) {
            fp32Loss = fp32.step(List.of(reference.stage1Batch()));
        }
        try (Stage1Session session =
                Stage1Session.open(bundle, Device.cpu(), EncoderSelection.BOTH, settings, Precision.MIXED)) {
            assertThat(session.precision()).isEqualTo(Precision.MIXED);
            assertThat(session.lossScale()).isEqualTo(65536.0);
            Map<String, float[]> before = values(session.parameters());
            // as GradScaler: a first step at 2^16 may overflow float16 gradients; each overflow skips the step and
            // halves the scale (at most 16 halvings down to a scale of 1)
            float loss = Float.NaN;
            boolean taken = false;
            int skipped = 0;
            while (!taken && skipped <= 16) {
                loss = session.accumulate(List.of(reference.stage1Batch()));
                taken = session.applyStep();
                if (!taken) {
                    skipped++;
                    assertThat(values(session.parameters())).containsExactlyEntriesOf(before);
                }
            }
            System.out.printf(
                    "mixed precision: loss %.7f, fp32 %.7f, |delta| %.2e (bound %.2e); %d overflowing steps skipped,"
                            + " scale now %.0f%n",
                    loss, fp32Loss, Math.abs(loss - fp32Loss), LOSS_BOUND, skipped, session.lossScale());
            assertThat(taken).isTrue();
            assertThat((double) Math.abs(loss - fp32Loss)).isLessThanOrEqualTo(LOSS_BOUND);
            assertThat(session.steps()).isEqualTo(1);
            assertThat(session.skippedSteps()).isEqualTo(skipped);
            assertThat(session.lossScale()).isEqualTo(Math.scalb(65536.0, -skipped));

            long moved = 0;
            long total = 0;
            Map<String, NDArray> halves = session.halfParameters();
            for (Map.Entry<String, NDArray> e : session.parameters().entrySet()) {
                NDArray master = e.getValue();
                assertThat(master.getDataType()).as(e.getKey()).isEqualTo(DataType.FLOAT32);
                float[] now = master.toFloatArray();
                float[] was = before.get(e.getKey());
                for (int i = 0; i < now.length; i++) {
                    moved += now[i] != was[i] ? 1 : 0;
                }
                total += now.length;
                // the float16 module holds the masters rounded to nearest, exactly
                NDArray half = halves.get(e.getKey());
                assertThat(half.getDataType()).isEqualTo(DataType.FLOAT16);
                assertThat(Arrays.equals(
                                half.toType(DataType.FLOAT32, false).toFloatArray(),
                                master.toType(DataType.FLOAT16, false)
                                        .toType(DataType.FLOAT32, false)
                                        .toFloatArray()))
                        .as("%s: the float16 parameter is its master rounded", e.getKey())
                        .isTrue();
            }
            System.out.printf("mixed precision: %d of %d master weights moved%n", moved, total);
            // at lr 1e-3 every weight with a gradient moves by ≈ 1e-3, and the rest decay by w·1e-5
            assertThat(moved).isGreaterThan(total * 9 / 10);

            ModelBundle written = BundleWriter.writeEncoders(session, bundle, "tiny-rn-mixed", directory.resolve("b"));
            Set<ByteBuffer> storages = storages(written.imageEncoderFile());
            assertThat(reference.runningStats()).isNotEmpty().allSatisfy((name, stats) -> assertThat(storages)
                    .as("running statistics %s unchanged", name)
                    .contains(littleEndian(stats)));
            try (PtNDManager manager = (PtNDManager) NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE);
                    TrainableEncoder image = TrainableEncoder.load(manager, written.imageEncoderFile(), "image.");
                    TrainableEncoder text = TrainableEncoder.load(manager, written.textEncoderFile(), "text.")) {
                Map<String, NDArray> reloaded = new LinkedHashMap<>();
                for (TrainableEncoder encoder : List.of(image, text)) {
                    for (int i = 0; i < encoder.parameters().size(); i++) {
                        reloaded.put(
                                encoder.names().get(i), encoder.parameters().get(i));
                    }
                }
                assertThat(reloaded.keySet())
                        .containsExactlyElementsOf(session.parameters().keySet());
                reloaded.forEach((name, array) -> {
                    assertThat(array.getDataType()).as(name).isEqualTo(DataType.FLOAT32);
                    assertThat(Arrays.equals(
                                    array.toFloatArray(),
                                    session.parameters().get(name).toFloatArray()))
                            .as("%s reloaded equals its master", name)
                            .isTrue();
                });
                int side = reference.inputSize();
                NDArray pixels = manager.create(reference.images(), new Shape(2L * reference.batch(), 3, side, side));
                assertThat(image.forwardFrozen(pixels).getDataType()).isEqualTo(DataType.FLOAT32);
            }
        }
    }

    @Test
    void anOverflowSkipsTheStepAndHalvesTheScale() {
        double huge = Math.scalb(1.0, 40); // loss·2^40 sends the float16 gradients past 65504
        LossScaler scaler = new LossScaler(huge, 2, 0.5, 2000);
        try (Stage1Session session = Stage1Session.open(
                bundle,
                Device.cpu(),
                EncoderSelection.BOTH,
                AdamWSettings.withLearningRate(1e-3),
                Precision.MIXED,
                scaler)) {
            Map<String, float[]> masters = values(session.parameters());
            Map<String, float[]> halves = values(session.halfParameters());
            float loss = session.step(List.of(reference.stage1Batch()));
            assertThat(Float.isFinite(loss)).isTrue();
            assertThat(session.steps()).as("AdamW steps taken").isZero();
            assertThat(session.skippedSteps()).isEqualTo(1);
            assertThat(session.lossScale()).isEqualTo(huge / 2);
            assertThat(values(session.parameters())).containsExactlyEntriesOf(masters);
            assertThat(values(session.halfParameters())).containsExactlyEntriesOf(halves);
        }
    }

    @Test
    void textOnlyInMixedPrecisionLeavesTheImageEncoderUntouched() {
        try (Stage1Session session = Stage1Session.open(
                bundle,
                Device.cpu(),
                EncoderSelection.TEXT,
                AdamWSettings.withLearningRate(1e-3),
                Precision.MIXED,
                new LossScaler(256, 2, 0.5, 2000))) {
            Map<String, float[]> before = values(session.parameters());
            Map<String, float[]> halvesBefore = values(session.halfParameters());
            boolean taken = false;
            for (int attempt = 0; attempt <= 8 && !taken; attempt++) {
                session.accumulate(List.of(reference.stage1Batch()));
                taken = session.applyStep();
            }
            assertThat(taken).isTrue();
            Map<String, float[]> after = values(session.parameters());
            Map<String, float[]> halvesAfter = values(session.halfParameters());
            int movedText = 0;
            for (String name : before.keySet()) {
                if (name.startsWith(Stage1Session.IMAGE_PREFIX)) {
                    assertThat(Arrays.equals(after.get(name), before.get(name)))
                            .as(name)
                            .isTrue();
                    assertThat(Arrays.equals(halvesAfter.get(name), halvesBefore.get(name)))
                            .as(name)
                            .isTrue();
                } else if (!Arrays.equals(after.get(name), before.get(name))) {
                    movedText++;
                }
            }
            assertThat(movedText).isPositive();
        }
    }

    @Test
    void theScaleDoublesAfterTheGrowthIntervalOfGoodSteps() {
        LossScaler scaler = new LossScaler(65536, 2, 0.5, 3);
        scaler.update(false);
        scaler.update(false);
        assertThat(scaler.scale()).isEqualTo(65536);
        scaler.update(false);
        assertThat(scaler.scale()).isEqualTo(131072);
        scaler.update(false);
        scaler.update(true);
        assertThat(scaler.scale()).isEqualTo(65536);
        assertThat(scaler.goodSteps()).isZero();
        assertThat(scaler.skipped()).isEqualTo(1);
        assertThat(LossScaler.standard().scale()).isEqualTo(65536);
        assertThatThrownBy(() -> new LossScaler(0, 2, 0.5, 2000)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double maxRelativeRowError(NDArray expected, NDArray actual) {
        long rows = expected.getShape().get(0);
        int dim = (int) expected.getShape().get(1);
        float[] e = expected.toFloatArray();
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            double difference = 0;
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                double d = (double) a[r * dim + j] - e[r * dim + j];
                difference += d * d;
                norm += (double) e[r * dim + j] * e[r * dim + j];
            }
            worst = Math.max(worst, Math.sqrt(difference / norm));
        }
        return worst;
    }

    private static Map<String, float[]> values(Map<String, NDArray> parameters) {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((name, array) ->
                out.put(name, array.toType(DataType.FLOAT32, false).toFloatArray()));
        return out;
    }

    /** The tensor storages of a TorchScript archive file (its data/ records), as byte buffers. */
    private static Set<ByteBuffer> storages(Path archive) {
        Set<ByteBuffer> out = new HashSet<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (entry.getName().contains("/data/") && !entry.getName().endsWith(".pkl")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        out.add(ByteBuffer.wrap(in.readAllBytes()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static ByteBuffer littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.flip();
    }
}
