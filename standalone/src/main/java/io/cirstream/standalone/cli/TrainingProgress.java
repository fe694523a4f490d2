package io.cirstream.standalone.cli;

import io.cirstream.trainer.training.EpochReport;
import io.cirstream.trainer.training.TrainingListener;
import io.cirstream.trainer.training.TrainingPlan;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/**
 * A progress bar over a training run's batches (its length assumes every epoch runs; early stopping ends it sooner),
 * with the epoch, the running loss and the last held-out metric beside it, and one line per epoch on {@code out}
 * (starting with a line break, so that it does not run on from the bar when both share a terminal).
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {

    private final PrintWriter out;
    private final String metric;
    private ProgressBar bar;
    private String lastMetric = "";

    TrainingProgress(PrintWriter out, String metric) {
        this.out = out;
        this.metric = metric;
    }

    @Override
    public void onStart(TrainingPlan plan) {
        out.printf(
                "training on %d examples (%d held-out queries): batch %d, %d batches per epoch, %d left out per epoch,"
                        + " %s; before training %s%n",
                plan.examples(),
                plan.heldOutQueries(),
                plan.batchSize(),
                plan.batchesPerEpoch(),
                plan.leftOutPerEpoch(),
                plan.initialization().key(),
                plan.initialMetrics());
        out.flush();
        bar = StageProgress.bar("train", (long) plan.batchesPerEpoch() * plan.maxEpochs());
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
                "%nepoch %d: mean loss %.4f, held-out %s%s (%.1f s)%n",
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
