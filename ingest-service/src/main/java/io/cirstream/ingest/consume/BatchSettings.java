package io.cirstream.ingest.consume;

import java.time.Duration;
import java.util.Objects;

/**
 * How records are gathered into micro-batches.
 *
 * @param maxSize a batch is processed once it holds this many records
 * @param maxWait or once this long has passed since its first record arrived, whichever comes first
 */
public record BatchSettings(int maxSize, Duration maxWait) {

    /** The largest batch the configuration accepts. */
    public static final int MAX_SIZE = 10_000;

    public BatchSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxSize < 1 || maxSize > MAX_SIZE) {
            throw new IllegalArgumentException("batch size must be 1.." + MAX_SIZE + ", got " + maxSize);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("batch max wait must not be negative, got " + maxWait);
        }
    }
}
