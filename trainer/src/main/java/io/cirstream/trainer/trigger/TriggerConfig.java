package io.cirstream.trainer.trigger;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
import io.cirstream.core.config.Settings;
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

    public static final long DEFAULT_EVERY_TRIPLETS = 1_000;
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);
    /** The contrastive loss needs negatives in every batch: below a few dozen examples a run learns nothing useful. */
    public static final int DEFAULT_MIN_TRIPLETS = 32;
    /** A batch needs at least two examples. */
    public static final int LEAST_TRIPLETS = 2;

    public static final ConfigKey<Long> EVERY_TRIPLETS_KEY = ConfigKey.of(
                    "cirstream.trainer.trigger.every-triplets", ConfigKey.LONG)
            .withDefault(DEFAULT_EVERY_TRIPLETS)
            .check(new ConfigKey.Check<>(">= 0 (0 = off)", value -> value >= 0))
            .doc("start a run after this many changed triplets");
    public static final ConfigKey<Duration> INTERVAL_KEY = ConfigKey.of(
                    "cirstream.trainer.trigger.interval", ConfigKey.DURATION)
            .withDefault(DEFAULT_INTERVAL)
            .check(new ConfigKey.Check<>("not negative (0s = off)", value -> !value.isNegative()))
            .doc("start a run this often when triplets changed");
    public static final ConfigKey<Integer> MIN_TRIPLETS_KEY = ConfigKey.of(
                    "cirstream.trainer.min-triplets", ConfigKey.INTEGER)
            .withDefault(DEFAULT_MIN_TRIPLETS)
            .check(ConfigKey.Check.atLeast(LEAST_TRIPLETS))
            .doc("fewest usable training triplets a run trains on; with fewer it is skipped");

    public TriggerConfig {
        Objects.requireNonNull(interval, "interval");
        EVERY_TRIPLETS_KEY.check(everyTriplets);
        INTERVAL_KEY.check(interval);
        MIN_TRIPLETS_KEY.check(minTriplets);
    }

    /** The triggers configured in {@code settings}. */
    public static TriggerConfig from(Settings settings) {
        return new TriggerConfig(
                EVERY_TRIPLETS_KEY.read(settings), INTERVAL_KEY.read(settings), MIN_TRIPLETS_KEY.read(settings));
    }

    /** The declarations of the triggers' keys, in table order. */
    public static List<ConfigKey<?>> declared() {
        return List.of(MIN_TRIPLETS_KEY, EVERY_TRIPLETS_KEY, INTERVAL_KEY);
    }

    /** The configuration keys of the triggers. */
    public static List<String> keys() {
        return ConfigKeys.names(declared());
    }
}
