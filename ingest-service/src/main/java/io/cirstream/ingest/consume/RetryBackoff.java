package io.cirstream.ingest.consume;

import java.time.Duration;
import java.util.Objects;

/** Exponential back-off between retries: {@code initial}, doubling up to {@code max}; reset after a success. */
public final class RetryBackoff {

    private static final int FACTOR = 2;

    private final Duration initial;
    private final Duration max;
    private Duration next;

    public RetryBackoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "retry back-off needs 0 < initial <= max, got initial " + initial + " and max " + max);
        }
        this.next = initial;
    }

    /** The wait before the next retry; each call doubles the following one, up to the maximum. */
    public Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(FACTOR);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** Starts again from the initial wait. */
    public void reset() {
        next = initial;
    }
}
