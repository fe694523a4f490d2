package io.cirstream.trainer.training;

import java.util.Locale;

/** Where a training run's Combiner weights start. */
public enum CombinerInitialization {
    /** From the given weights (the serving version); from scratch when there are none yet. */
    WARM_START,
    /** From PyTorch's default {@code nn.Linear} initialisation, seeded with the run's seed. */
    FROM_SCRATCH;

    /** The configuration spelling: {@code warm-start} or {@code from-scratch}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value of a configuration spelling, e.g. {@code from-scratch}. */
    public static CombinerInitialization fromKey(String key) {
        for (CombinerInitialization value : values()) {
            if (value.key().equalsIgnoreCase(key.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                "unknown Combiner initialisation '%s': use warm-start or from-scratch".formatted(key));
    }
}
