package io.cirstream.trainer.app;

import io.cirstream.trainer.training.EpochReport;
import io.cirstream.trainer.training.TrainingListener;
import io.cirstream.trainer.training.TrainingPlan;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live progress of the running training run, for the HTTP status, the CLI's progress bar and the metrics. Written
 * by the training thread, read by any.
 */
public final class RunProgress implements TrainingListener {

    /**
     * A consistent view of the progress.
     *
     * @param runId the run
     * @param phase what the run does now ({@code preparing}, {@code training}, {@code evaluating}, {@code publishing})
     * @param epoch the epoch being trained (1-based; 0 before the first)
     * @param maxEpochs the epoch limit
     * @param batch the last batch trained in the epoch
     * @param batches batches per epoch
     * @param lastLoss the last batch's loss
     * @param lastMetrics the last epoch's held-out metrics
     */
    public record Snapshot(
            String runId,
            String phase,
            int epoch,
            int maxEpochs,
            int batch,
            int batches,
            double lastLoss,
            Map<String, Double> lastMetrics) {}

    private final String runId;
    private final Consumer<EpochReport> epochs;
    private volatile Snapshot snapshot;

    public RunProgress(String runId, int maxEpochs, Consumer<EpochReport> epochs) {
        this.runId = runId;
        this.epochs = epochs;
        this.snapshot = new Snapshot(runId, "preparing", 0, maxEpochs, 0, 0, Double.NaN, Map.of());
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public String runId() {
        return runId;
    }

    void phase(String phase) {
        Snapshot s = snapshot;
        snapshot = new Snapshot(
                runId, phase, s.epoch(), s.maxEpochs(), s.batch(), s.batches(), s.lastLoss(), s.lastMetrics());
    }

    @Override
    public void onStart(TrainingPlan plan) {
        Snapshot s = snapshot;
        snapshot = new Snapshot(
                runId, "training", 1, plan.maxEpochs(), 0, plan.batchesPerEpoch(), s.lastLoss(), plan.initialMetrics());
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double loss) {
        Snapshot s = snapshot;
        snapshot = new Snapshot(runId, "training", epoch, s.maxEpochs(), batch, batches, loss, s.lastMetrics());
    }

    @Override
    public void onEpoch(EpochReport report) {
        Snapshot s = snapshot;
        snapshot = new Snapshot(
                runId,
                "training",
                report.epoch(),
                s.maxEpochs(),
                s.batches(),
                s.batches(),
                s.lastLoss(),
                report.heldOutMetrics());
        epochs.accept(report);
    }
}
