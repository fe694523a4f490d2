package io.cirstream.core.store;

import java.util.Comparator;

/**
 * Where a store write came from in the catalogue stream: the source event time, then the source offset. Versions
 * order writes for one product: the store ignores a write whose version is older than the one it holds.
 *
 * @param eventTimeMillis the source event time in milliseconds since the epoch
 * @param offset the source offset (for example the Kafka offset); breaks ties between equal event times
 */
public record SourceVersion(long eventTimeMillis, long offset) implements Comparable<SourceVersion> {

    private static final Comparator<SourceVersion> ORDER =
            Comparator.comparingLong(SourceVersion::eventTimeMillis).thenComparingLong(SourceVersion::offset);

    @Override
    public int compareTo(SourceVersion other) {
        return ORDER.compare(this, other);
    }

    /** Whether this version is strictly older than {@code other}. */
    public boolean isOlderThan(SourceVersion other) {
        return compareTo(other) < 0;
    }
}
