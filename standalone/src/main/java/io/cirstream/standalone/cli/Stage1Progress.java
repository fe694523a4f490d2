package io.cirstream.standalone.cli;

import io.cirstream.trainer.stage1.Stage1Listener;
import io.cirstream.trainer.stage1.Stage1Plan;
import io.cirstream.trainer.training.EpochReport;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/**
 * A progress bar over a stage-1 run's steps (its length assumes every epoch runs), with the epoch, the step's loss
 * and the last validation metric beside it, and one line per epoch on {@code out}.
 */
final class Stage1Progress implements Stage1Listener, AutoCloseable {

    private final PrintWriter out;
    private final String metric;
    private ProgressBar bar;
    private String lastMetric = "";

    Stage1Progress(PrintWriter out, String metric) {
        this.out = out;
        this.metric = metric;
    }

    @Override
    public void onStart(Stage1Plan plan) {
        out.printf(
                "stage 1 on %d triplets (%d dropped): batch %d (micro-batches of %d), %d steps per epoch, %,d weights"
                        + " trained; zero-shot sum %s%n",
                plan.triplets(),
                plan.dropped(),
                plan.batchSize(),
                plan.microBatchSize(),
                plan.batchesPerEpoch(),
                plan.trainedWeights(),
                plan.initialMetrics());
        out.flush();
        bar = StageProgress.bar("stage 1", (long) plan.batchesPerEpoch() * plan.maxEpochs());
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double loss) {
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d loss %.4f%s", epoch, loss, lastMetric));
    }

    @Override
    public void onEpoch(EpochReport report) {
        Double value = report.heldOutMetrics().get(metric);
        lastMetric = value == null ? "" : String.format(Locale.ROOT, " %s %.4f", metric, value);
        out.printf(
                Locale.ROOT,
                "%nepoch %d: mean loss %.4f, validation %s%s (%.1f s)%n",
                report.epoch(),
                report.meanLoss(),
                report.heldOutMetrics(),
                report.improved() ? ", best so far" : "",
                report.seconds());
        out.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
