package io.cirstream.trainer.trigger;

import java.util.Locale;

/** What started a training run. */
public enum Trigger {
    /** Enough triplets changed since the last run started. */
    NEW_TRIPLETS,
    /** The schedule came round and triplets changed since the last run started. */
    SCHEDULE,
    /** Someone asked for it (HTTP {@code POST /train}, {@code bin/cirstream model train}). */
    ON_DEMAND;

    /** The name in reports and metrics: {@code new_triplets}, {@code schedule}, {@code on_demand}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
