package io.cirstream.standalone.cli;

import io.cirstream.standalone.pipeline.StepProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr for a job of several stages: one bar per stage, closed when the next one begins. */
final class StageProgress implements StepProgress, AutoCloseable {

    private ProgressBar bar;

    /** A bar for one task of {@code total} steps. */
    static ProgressBar bar(String task, long total) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, total))
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
    }

    @Override
    public synchronized void stage(String name, long total) {
        close();
        bar = bar(name, total);
    }

    @Override
    public synchronized void advance(long done) {
        if (bar != null) {
            bar.stepBy(done);
        }
    }

    /** A step's last stage is over: its bar closes. */
    @Override
    public void endStage() {
        close();
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
