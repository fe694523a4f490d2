package io.cirstream.trainer.app;

import java.util.Locale;

/** Where a training run is, or how it ended. */
public enum RunStatus {
    /** Training or evaluating now. */
    RUNNING,
    /** The candidate passed the gate and was published. */
    PROMOTED,
    /** The candidate did not pass the gate; nothing was published. */
    REJECTED,
    /** There was not enough to train on; nothing was trained. */
    SKIPPED,
    /** The run failed; nothing was published. */
    FAILED,
    /** The run was cancelled or the process stopped during it; nothing was published. */
    INTERRUPTED;

    /** Whether the run is over. */
    public boolean finished() {
        return this != RUNNING;
    }

    /** The name in reports and metrics. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
