package io.cirstream.trainer.stage1;

import ai.djl.Device;
import io.cirstream.core.CirstreamException;
import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.model.ClipTokenizer;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.trainer.training.EpochReport;
import io.cirstream.trainer.training.StopReason;
import io.cirstream.trainer.training.TrainingCancelledException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLIP4Cir's stage 1 end to end: the source bundle's encoders fine-tuned on a dataset's training split an epoch at a
 * time ({@link Stage1Session}); after every epoch the encoders are written as a bundle and validated with the
 * published protocol ({@link Stage1Validation}); the best epoch's bundle is kept in {@code <out>/bundle} and the run
 * stops early after {@code patience} epochs without a better validation metric.
 */
public final class Stage1Trainer {

    /** The kept bundle's directory under the output directory. */
    public static final String BUNDLE_DIRECTORY = "bundle";

    private static final String EPOCH_DIRECTORY = "epoch-bundle";
    private static final Logger LOG = LoggerFactory.getLogger(Stage1Trainer.class);
    private static final double NANOS_PER_SECOND = 1e9;

    private final Stage1Config config;
    private final Device device;

    public Stage1Trainer(Stage1Config config, Device device) {
        this.config = Objects.requireNonNull(config, "config");
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * Fine-tunes {@code source}'s encoders on {@code data}.
     *
     * @param name the new bundle's name (its encoder version is the name and a hash of the encoder files)
     * @param out the output directory: the best bundle goes to {@code out/bundle}
     * @param cancelled polled before every step
     */
    public Stage1Result train(
            ModelBundle source,
            Stage1Data data,
            Stage1Validation validation,
            String name,
            Path out,
            Stage1Listener listener,
            BooleanSupplier cancelled) {
        long started = System.nanoTime();
        if (config.precision() == Precision.MIXED && !"gpu".equals(device.getDeviceType())) {
            LOG.warn("mixed precision on {}: allowed, but float16 is slow on a CPU (meant for GPUs)", device);
        }
        EvalReport initialReport = validation.evaluate(source);
        Map<String, Double> initialMetrics = Stage1Validation.metrics(initialReport);
        requireMetric(initialMetrics);
        try (Stage1Session session =
                        Stage1Session.open(source, device, config.encoders(), config.optimizer(), config.precision());
                ClipTokenizer tokenizer = ClipTokenizer.load(
                        source.tokenizerFile(),
                        ModelBundle.CLIP_CONTEXT_LENGTH,
                        RuntimeConfig.DEFAULT_MAX_CAPTION_CHARS)) {
            Stage1Batches batches = new Stage1Batches(data.triplets(), data.pixels(), tokenizer, config);
            long trained = (config.encoders().trainsImage() ? session.image().weightCount() : 0)
                    + (config.encoders().trainsText() ? session.text().weightCount() : 0);
            Stage1Plan plan = new Stage1Plan(
                    data.triplets().size(),
                    data.dropped(),
                    batches.batchSize(),
                    batches.batchSize() / config.accumulation(),
                    batches.batchesPerEpoch(),
                    config.maxEpochs(),
                    trained,
                    initialMetrics);
            LOG.info("stage 1 on {} with {}: {}", device, config, plan);
            listener.onStart(plan);
            Path best = out.resolve(BUNDLE_DIRECTORY);
            Path staging = out.resolve(EPOCH_DIRECTORY);
            List<EpochReport> curve = new ArrayList<>();
            int bestEpoch = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            EvalReport bestReport = null;
            StopReason stopReason = StopReason.MAX_EPOCHS;
            for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                long epochStarted = System.nanoTime();
                double meanLoss = trainEpoch(session, batches, epoch, listener, cancelled);
                if (session.precision() == Precision.MIXED) {
                    LOG.info(
                            "stage 1 epoch {}: loss scale {}, {} overflowing steps skipped so far",
                            epoch,
                            session.lossScale(),
                            session.skippedSteps());
                }
                ModelBundle epochBundle = BundleWriter.writeEncoders(session, source, name, staging);
                EvalReport report = validation.evaluate(epochBundle);
                Map<String, Double> metrics = Stage1Validation.metrics(report);
                boolean improved = metrics.get(config.metric()) > bestScore;
                if (improved) {
                    bestScore = metrics.get(config.metric());
                    bestEpoch = epoch;
                    bestReport = report;
                    Directories.replace(staging, best);
                }
                EpochReport epochReport = new EpochReport(
                        epoch,
                        meanLoss,
                        metrics,
                        (System.nanoTime() - epochStarted) / NANOS_PER_SECOND,
                        batches.batchesPerEpoch(),
                        batches.batchesPerEpoch() * batches.batchSize(),
                        improved);
                curve.add(epochReport);
                listener.onEpoch(epochReport);
                if (epoch - bestEpoch >= config.patience()) {
                    stopReason = StopReason.EARLY_STOPPING;
                    break;
                }
            }
            Directories.delete(staging);
            return new Stage1Result(
                    ModelBundle.open(best, true),
                    bestEpoch,
                    curve,
                    curve.get(bestEpoch - 1).heldOutMetrics(),
                    initialMetrics,
                    bestReport,
                    initialReport,
                    plan,
                    config,
                    stopReason,
                    (System.nanoTime() - started) / NANOS_PER_SECOND);
        }
    }

    private static double trainEpoch(
            Stage1Session session,
            Stage1Batches batches,
            int epoch,
            Stage1Listener listener,
            BooleanSupplier cancelled) {
        List<List<Stage1Triplet>> steps = batches.nextEpoch();
        double sum = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new TrainingCancelledException(
                        "stage 1 cancelled in epoch %d before step %d of %d".formatted(epoch, i + 1, steps.size()));
            }
            float loss = session.step(batches.microBatches(steps.get(i)));
            if (!Float.isFinite(loss)) {
                throw new CirstreamException(
                        "stage 1 diverged: the loss of epoch %d, step %d is %s (a smaller".formatted(epoch, i + 1, loss)
                                + " learning rate?)");
            }
            sum += loss;
            listener.onBatch(epoch, i + 1, steps.size(), loss);
        }
        return sum / steps.size();
    }

    private void requireMetric(Map<String, Double> metrics) {
        if (!metrics.containsKey(config.metric())) {
            throw new IllegalArgumentException(
                    "validation metric " + config.metric() + " is not one of " + metrics.keySet());
        }
    }
}
