package io.cirstream.trainer.stage1;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.testkit.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show 1 of issue 13: one stage-1 training step of the tiny fixture bundle's TorchScript encoders in Java against
 * PyTorch's step of the same model on the same batch (tools/make_stage1_reference.py): the loss, a sample of every
 * parameter after the step (bounds in {@link FirstStepBound}), and the BatchNorm running statistics, which stay as
 * they were. Each bound is also shown to reject a wrong variant PyTorch computed (wrong lr, no weight decay, BatchNorm
 * in train mode).
 */
class Stage1ParityTest {

    /**
     * The loss bound. Cross-entropy over a row moves by at most 2·max|δlogit| (its gradient in the logits has l1-norm
     * ≤ 2), a logit is 100·cos, and cos of two normalised features moves by at most 2·ε_f for relative feature errors
     * ε_f. The two sides sum in different orders; with the usual model of float32 rounding (errors of a length-n dot
     * product grow as √n·u, u = 2^−24, Higham and Mary 2019) through the ≈ 20 layers of the encoders with n ≤ 2304
     * (a 3×3 convolution over 256 channels): ε_f ≤ 20·√2304·u ≈ 5.7e−5; rounded up to 1e−4: |δL| ≤ 2·100·2·1e−4.
     */
    private static final double LOSS_BOUND = 2 * 100 * 2 * 1e-4;

    private static Stage1Reference reference;
    private static ModelBundle bundle;

    @BeforeAll
    static void load() {
        reference = Stage1Reference.load();
        bundle = ModelBundle.open(Repository.root().resolve("fixtures/tiny-bundle"));
    }

    @Test
    void publishedStepMatchesPyTorchAndKeepsBatchNormStatistics(@TempDir Path directory) {
        Stage1Reference.Run published = reference.runs().get("published");
        AdamWSettings settings = settings(published);
        try (Stage1Session session = Stage1Session.open(bundle, Device.cpu(), EncoderSelection.BOTH, settings)) {
            Step step = step(session, published);

            assertThat(Math.abs(step.loss() - published.loss())).isLessThanOrEqualTo(LOSS_BOUND);
            double bnTrainLoss = reference.runs().get("bn_train").loss();
            assertThat(Math.abs(bnTrainLoss - published.loss())).isGreaterThan(LOSS_BOUND);

            FirstStepBound.Outcome java = step.outcome(published, published, settings);
            System.out.printf(
                    "stage-1 parity, lr %.0e: loss java %.7f pytorch %.7f |delta| %.2e (bound %.2e); %s%n",
                    settings.learningRate(),
                    step.loss(),
                    published.loss(),
                    Math.abs(step.loss() - published.loss()),
                    LOSS_BOUND,
                    java);
            assertThat(java.violations()).isZero();
            assertThat(java.tight()).isGreaterThan(java.entries() / 2);

            for (String variant : List.of("wrong_lr", "bn_train")) {
                FirstStepBound.Outcome wrong =
                        variantOutcome(published, reference.runs().get(variant), settings);
                System.out.printf("  variant %s as if it were Java's: %s%n", variant, wrong);
                assertThat(wrong.violations()).as(variant).isPositive();
            }

            Path written = directory.resolve("image_encoder.pt");
            session.image().write(written);
            Set<ByteBuffer> storages = storages(written);
            assertThat(reference.runningStats()).isNotEmpty().allSatisfy((name, values) -> assertThat(storages)
                    .as("running statistics %s unchanged", name)
                    .contains(littleEndian(values)));
            assertThat(reference.runningStatsBnTrain().values().stream().map(Stage1ParityTest::littleEndian))
                    .as("train-mode BatchNorm would have moved the running statistics")
                    .anyMatch(values -> !storages.contains(values));
        }
    }

    @Test
    void fromScratchStepMatchesPyTorchIncludingWeightDecay() {
        Stage1Reference.Run fromScratch = reference.runs().get("from_scratch");
        AdamWSettings settings = settings(fromScratch);
        try (Stage1Session session = Stage1Session.open(bundle, Device.cpu(), EncoderSelection.BOTH, settings)) {
            Step step = step(session, fromScratch);
            FirstStepBound.Outcome java = step.outcome(fromScratch, fromScratch, settings);
            System.out.printf("stage-1 parity, lr %.0e: %s%n", settings.learningRate(), java);
            assertThat(java.violations()).isZero();

            float decay = (float) (1 - settings.learningRate() * settings.weightDecay());
            Stage1Reference.Run noDecay = reference.runs().get("from_scratch_no_decay");
            int zeroGradient = 0;
            int noDecayMismatches = 0;
            for (Map.Entry<String, Stage1Reference.Sample> e :
                    fromScratch.params().entrySet()) {
                Stage1Reference.Sample sample = e.getValue();
                float[] javaGrad = step.grads().get(e.getKey());
                float[] javaAfter = step.after().get(e.getKey());
                for (int i = 0; i < sample.before().length; i++) {
                    if (sample.grad()[i] == 0f && javaGrad[i] == 0f) {
                        zeroGradient++;
                        float decayed = sample.before()[i] * decay; // PyTorch: w.mul_(1 - lr·wd) in float32
                        assertThat(sample.after()[i]).isEqualTo(decayed);
                        assertThat(javaAfter[i]).isEqualTo(decayed);
                        noDecayMismatches += noDecay.params().get(e.getKey()).after()[i] != decayed ? 1 : 0;
                    }
                }
            }
            System.out.printf(
                    "  %d sampled weights without gradient decayed exactly; without weight decay %d differ%n",
                    zeroGradient, noDecayMismatches);
            assertThat(zeroGradient).isPositive();
            assertThat(noDecayMismatches).isPositive();
            FirstStepBound.Outcome wrong = variantOutcome(fromScratch, noDecay, settings);
            assertThat(wrong.violations()).as("no weight decay").isPositive();
        }
    }

    @Test
    void textOnlyAndImageOnlyLeaveTheOtherEncoderUntouched() {
        Stage1Reference.Run fromScratch = reference.runs().get("from_scratch");
        AdamWSettings settings = settings(fromScratch);
        for (EncoderSelection selection : List.of(EncoderSelection.TEXT, EncoderSelection.IMAGE)) {
            try (Stage1Session session = Stage1Session.open(bundle, Device.cpu(), selection, settings)) {
                String frozen = selection.trainsImage() ? Stage1Session.TEXT_PREFIX : Stage1Session.IMAGE_PREFIX;
                Map<String, float[]> frozenBefore = values(session, frozen);
                Step step = step(session, fromScratch);
                assertThat(values(session, frozen)).as("%s frozen", frozen).containsExactlyEntriesOf(frozenBefore);
                // the trained encoder's gradients do not depend on whether the other one trains
                FirstStepBound.Outcome trained =
                        step.outcome(fromScratch, fromScratch, settings, name -> !name.startsWith(frozen));
                System.out.printf("stage-1 parity, %s only: %s%n", selection.cliName(), trained);
                assertThat(trained.violations()).isZero();
                assertThat(trained.entries()).isPositive();
            }
        }
    }

    private static AdamWSettings settings(Stage1Reference.Run run) {
        return AdamWSettings.withLearningRate(run.learningRate()).withWeightDecay(run.weightDecay());
    }

    /** Java's loss, and its sampled gradients and weights after one step. */
    private record Step(float loss, Map<String, float[]> grads, Map<String, float[]> after) {
        FirstStepBound.Outcome outcome(Stage1Reference.Run run, Stage1Reference.Run expected, AdamWSettings settings) {
            return outcome(run, expected, settings, name -> true);
        }

        FirstStepBound.Outcome outcome(
                Stage1Reference.Run run,
                Stage1Reference.Run expected,
                AdamWSettings settings,
                java.util.function.Predicate<String> which) {
            FirstStepBound.Outcome total = FirstStepBound.Outcome.none();
            for (Map.Entry<String, Stage1Reference.Sample> e : run.params().entrySet()) {
                if (!which.test(e.getKey()) || !grads.containsKey(e.getKey())) {
                    continue;
                }
                Stage1Reference.Sample s = e.getValue();
                total = total.plus(FirstStepBound.check(
                        s.before(),
                        s.grad(),
                        expected.params().get(e.getKey()).after(),
                        grads.get(e.getKey()),
                        after.get(e.getKey()),
                        settings));
            }
            return total;
        }
    }

    /** A PyTorch variant's weights put through the bound as if Java had computed them (with PyTorch's gradients). */
    private static FirstStepBound.Outcome variantOutcome(
            Stage1Reference.Run correct, Stage1Reference.Run variant, AdamWSettings settings) {
        FirstStepBound.Outcome total = FirstStepBound.Outcome.none();
        for (Map.Entry<String, Stage1Reference.Sample> e : correct.params().entrySet()) {
            Stage1Reference.Sample s = e.getValue();
            total = total.plus(FirstStepBound.check(
                    s.before(),
                    s.grad(),
                    s.after(),
                    s.grad(),
                    variant.params().get(e.getKey()).after(),
                    settings));
        }
        return total;
    }

    private static Step step(Stage1Session session, Stage1Reference.Run run) {
        Map<String, NDArray> parameters = session.parameters();
        for (Map.Entry<String, Stage1Reference.Sample> e : run.params().entrySet()) {
            float[] before =
                    pick(parameters.get(e.getKey()).toFloatArray(), e.getValue().index());
            assertThat(before)
                    .as("%s as loaded", e.getKey())
                    .containsExactly(e.getValue().before());
        }
        float loss = session.accumulate(List.of(reference.stage1Batch()));
        Map<String, float[]> grads = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Stage1Reference.Sample> e : run.params().entrySet()) {
            NDArray parameter = parameters.get(e.getKey());
            boolean trained = e.getKey().startsWith(Stage1Session.IMAGE_PREFIX)
                    ? session.selection().trainsImage()
                    : session.selection().trainsText();
            if (trained) {
                try (NDArray grad = parameter.getGradient()) {
                    grads.put(e.getKey(), pick(grad.toFloatArray(), e.getValue().index()));
                }
            }
        }
        session.applyStep();
        Map<String, float[]> after = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Stage1Reference.Sample> e : run.params().entrySet()) {
            after.put(
                    e.getKey(),
                    pick(parameters.get(e.getKey()).toFloatArray(), e.getValue().index()));
        }
        return new Step(loss, grads, after);
    }

    private static Map<String, float[]> values(Stage1Session session, String prefix) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        session.parameters().forEach((name, array) -> {
            if (name.startsWith(prefix)) {
                out.put(name, array.toFloatArray());
            }
        });
        return out;
    }

    private static float[] pick(float[] values, int[] index) {
        float[] out = new float[index.length];
        for (int i = 0; i < index.length; i++) {
            out[i] = values[index[i]];
        }
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
