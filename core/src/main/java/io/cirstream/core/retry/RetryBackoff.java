package io.cirstream.core.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential back-off: the first wait after a failure, doubling after each further one, up to a ceiling. The one
 * back-off of the project: the ingest loop's store retries ({@link #next()} / {@link #reset()}), the model registry's
 * fetch retries and the S3 model store's request retries ({@link #delay(int)}).
 *
 * <p>{@link #delay(int)} is pure and thread-safe; {@link #next()} and {@link #reset()} keep a count and are for one
 * thread.
 */
public final class RetryBackoff {

    private static final int FACTOR = 2;

    private final Duration initial;
    private final Duration max;
    private int failures;

    /**
     * @param initial the wait after the first failure ({@code > 0})
     * @param max the longest wait ({@code >= initial})
     */
    public RetryBackoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "retry back-off needs 0 < initial <= max, got initial " + initial + " and max " + max);
        }
    }

    /** The wait after {@code failures} failures in a row (from 1): initial · 2^(failures − 1), at most the maximum. */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1, got " + failures);
        }
        Duration wait = initial;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.compareTo(max.dividedBy(FACTOR)) > 0 ? max : wait.multipliedBy(FACTOR);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** The wait before the next retry; each call doubles the following one, up to the maximum. */
    public Duration next() {
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        return delay(failures);
    }

    /** Starts again from the initial wait. */
    public void reset() {
        failures = 0;
    }

    /** Sleeps for {@link #delay(int)}; an interrupt is kept on the thread and reported as false. */
    public boolean sleep(int failures) {
        try {
            Thread.sleep(delay(failures));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
