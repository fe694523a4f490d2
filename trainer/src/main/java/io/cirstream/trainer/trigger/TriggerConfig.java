package io.cirstream.trainer.trigger;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When training runs start by themselves (a request over HTTP or the CLI starts one any time).
 *
 * @param everyTriplets start a run once this many triplets changed since the last run started (0: never)
 * @param interval start a run this often when triplets changed since the last run started ({@link Duration#ZERO}:
 *     never)
 * @param minTriplets the fewest usable training triplets a run needs; with fewer it is skipped
 */
public record TriggerConfig(long everyTriplets, Duration interval, int minTriplets) {

    public static final String EVERY_TRIPLETS_KEY = "cirstream.trainer.trigger.every-triplets";
    public static final String INTERVAL_KEY = "cirstream.trainer.trigger.interval";
    public static final String MIN_TRIPLETS_KEY = "cirstream.trainer.min-triplets";

    public static final long DEFAULT_EVERY_TRIPLETS = 1_000;
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);
    /** The contrastive loss needs negatives in every batch: below a few dozen examples a run learns nothing useful. */
    public static final int DEFAULT_MIN_TRIPLETS = 32;
    /** A batch needs at least two examples. */
    public static final int LEAST_TRIPLETS = 2;

    public TriggerConfig {
        Objects.requireNonNull(interval, "interval");
        if (everyTriplets < 0) {
            throw new IllegalArgumentException(EVERY_TRIPLETS_KEY + " must be >= 0 (0 = off), got " + everyTriplets);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException(INTERVAL_KEY + " must not be negative (0s = off), got " + interval);
        }
        if (minTriplets < LEAST_TRIPLETS) {
            throw new IllegalArgumentException(
                    MIN_TRIPLETS_KEY + " must be >= " + LEAST_TRIPLETS + ", got " + minTriplets);
        }
    }

    /** The configuration keys of the triggers. */
    public static List<String> keys() {
        return List.of(EVERY_TRIPLETS_KEY, INTERVAL_KEY, MIN_TRIPLETS_KEY);
    }
}
