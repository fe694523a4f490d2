package io.cirstream.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.cirstream.core.CirstreamException;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains CLIP4Cir's Combiner as the method's stage 2 does: batches of raw (caption, reference, target) features,
 * logits 100·cos(query, target) over the batch, cross-entropy on the diagonal, dropout 0.5, PyTorch's Adam; an epoch
 * at a time, each evaluated on the held-out set; the best epoch's weights are kept and the run stops early when the
 * chosen metric stops improving for {@code patience} epochs.
 *
 * <p>Reproducible: the seed fixes the shuffles, the caption variants, the dropout masks (libtorch's generator, seeded
 * process-wide at the start of a run) and a from-scratch initialisation. One run at a time per JVM.
 */
public final class CombinerTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CombinerTrainer.class);
    private static final double NANOS_PER_SECOND = 1e9;

    private final CombinerTrainingConfig config;
    private final Device device;

    /** A trainer with {@code config} running on {@code device}. */
    public CombinerTrainer(CombinerTrainingConfig config, Device device) {
        this.config = Objects.requireNonNull(config, "config");
        this.device = Objects.requireNonNull(device, "device");
    }

    /** The configuration. */
    public CombinerTrainingConfig config() {
        return config;
    }

    /**
     * Trains a Combiner of {@code dims} on {@code train} and returns the best epoch's weights.
     *
     * @param warmStart the weights to start from under {@link CombinerInitialization#WARM_START}; empty: from scratch
     * @param heldOut the held-out set each epoch is evaluated on
     * @param listener hears the progress
     * @param cancelled polled before every batch; when it says true the run ends with no result
     * @throws TrainingCancelledException if cancelled or interrupted
     * @throws io.cirstream.core.InvalidInputException if an example's features have the wrong dimension or are not
     *     finite
     * @throws IllegalArgumentException if there are fewer than two examples
     */
    public TrainingResult train(
            CombinerDims dims,
            Optional<CombinerWeights> warmStart,
            List<TrainingExample> train,
            HeldOutSet heldOut,
            TrainingListener listener,
            BooleanSupplier cancelled) {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(heldOut, "heldOut");
        if (train.size() < CombinerTrainingConfig.MIN_BATCH_SIZE) {
            throw new IllegalArgumentException("training needs at least %d examples (the loss needs negatives), got %d"
                    .formatted(CombinerTrainingConfig.MIN_BATCH_SIZE, train.size()));
        }
        long started = System.nanoTime();
        LibtorchGenerator.seed(config.seed());
        boolean warm = config.initialization() == CombinerInitialization.WARM_START && warmStart.isPresent();
        CombinerInitialization initialization =
                warm ? CombinerInitialization.WARM_START : CombinerInitialization.FROM_SCRATCH;
        CombinerWeights initial =
                warm ? warmStart.get().requireDims(dims) : PyTorchDefaultInit.weights(dims, config.seed());
        try (TrainingSession session = TrainingSession.open(device, initial, config.learningRate());
                TrainingTensors tensors = TrainingTensors.upload(session.manager(), train, dims.featureDim())) {
            EpochSchedule schedule =
                    new EpochSchedule(tensors.variantCounts(), config.batchSizeFor(train.size()), config.seed());
            Map<String, Double> initialMetrics = evaluate(session, heldOut);
            TrainingPlan plan = new TrainingPlan(
                    train.size(),
                    heldOut.size(),
                    schedule.batchSize(),
                    schedule.batchesPerEpoch(),
                    schedule.leftOutPerEpoch(),
                    config.maxEpochs(),
                    initialization,
                    initialMetrics);
            LOG.info("training a Combiner ({}) on {}: {}", dims, device, plan);
            if (schedule.batchesPerEpoch() == 1) {
                LOG.warn(
                        "{} training triplets in batches of up to {}: one optimiser step per epoch, so early stopping"
                                + " (patience {} epochs) may end the run before it learns; a smaller batch gives more"
                                + " steps (train --train-batch-size, the service's cirstream.trainer.batch-size)",
                        train.size(),
                        config.maxBatchSize(),
                        config.patience());
            }
            listener.onStart(plan);
            return run(session, tensors, schedule, heldOut, plan, listener, cancelled, started);
        }
    }

    private TrainingResult run(
            TrainingSession session,
            TrainingTensors tensors,
            EpochSchedule schedule,
            HeldOutSet heldOut,
            TrainingPlan plan,
            TrainingListener listener,
            BooleanSupplier cancelled,
            long started) {
        String metric = config.earlyStoppingMetric().key();
        List<EpochReport> curve = new ArrayList<>();
        CombinerWeights best = null;
        int bestEpoch = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        StopReason stopReason = StopReason.MAX_EPOCHS;
        for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
            long epochStarted = System.nanoTime();
            double meanLoss = trainEpoch(session, tensors, schedule, epoch, listener, cancelled);
            Map<String, Double> metrics = evaluate(session, heldOut);
            boolean improved = heldOut.isEmpty() || metrics.get(metric) > bestScore;
            if (improved) {
                bestEpoch = epoch;
                if (!heldOut.isEmpty()) {
                    best = session.weights();
                    bestScore = metrics.get(metric);
                }
            }
            EpochReport report = new EpochReport(
                    epoch,
                    meanLoss,
                    metrics,
                    (System.nanoTime() - epochStarted) / NANOS_PER_SECOND,
                    schedule.batchesPerEpoch(),
                    schedule.batchesPerEpoch() * schedule.batchSize(),
                    improved);
            curve.add(report);
            listener.onEpoch(report);
            if (epoch - bestEpoch >= config.patience()) {
                stopReason = StopReason.EARLY_STOPPING;
                break;
            }
        }
        if (heldOut.isEmpty()) {
            best = session.weights(); // nothing to choose by: the last epoch
        }
        Map<String, Double> bestMetrics = curve.get(bestEpoch - 1).heldOutMetrics();
        return new TrainingResult(
                best,
                bestEpoch,
                curve,
                bestMetrics,
                plan.initialMetrics(),
                plan,
                config,
                stopReason,
                (System.nanoTime() - started) / NANOS_PER_SECOND);
    }

    private static double trainEpoch(
            TrainingSession session,
            TrainingTensors tensors,
            EpochSchedule schedule,
            int epoch,
            TrainingListener listener,
            BooleanSupplier cancelled) {
        EpochSchedule.Epoch order = schedule.next();
        int batches = schedule.batchesPerEpoch();
        double lossSum = 0;
        for (int batch = 0; batch < batches; batch++) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new TrainingCancelledException(
                        "training cancelled in epoch %d before batch %d of %d".formatted(epoch, batch + 1, batches));
            }
            float loss;
            try (NDManager scope = session.manager().newSubManager()) {
                NDList inputs = tensors.batch(scope, order.examples(batch), order.variants(batch));
                loss = session.step(inputs.get(0), inputs.get(1), inputs.get(2));
            }
            if (!Float.isFinite(loss)) {
                throw new CirstreamException(
                        "training diverged: the loss of epoch %d, batch %d is %s".formatted(epoch, batch + 1, loss));
            }
            lossSum += loss;
            listener.onBatch(epoch, batch + 1, batches, loss);
        }
        return lossSum / batches;
    }

    private static Map<String, Double> evaluate(TrainingSession session, HeldOutSet heldOut) {
        return heldOut.isEmpty() ? Map.of() : HeldOutEvaluator.evaluate(session::combine, heldOut);
    }
}
