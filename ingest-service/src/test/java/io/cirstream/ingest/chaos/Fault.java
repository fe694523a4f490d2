package io.cirstream.ingest.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One fault the matrix injects into a run, and on which stores it means something. */
interface Fault {

    /** How it reads in the table. */
    String name();

    /** Why it does not apply to {@code store}; empty when it does. */
    default Optional<String> notApplicable(StoreKind store) {
        return Optional.empty();
    }

    /** How far producer 1's clock is ahead of producer 0's in this run. */
    default long skewMillis() {
        return 0;
    }

    /** Whether the query service must read Combiner versions from an S3 model store (moto) that the fault can stop. */
    default boolean needsModelStore() {
        return false;
    }

    /** Whether the store must sit on a small tmpfs. */
    default boolean needsTmpfs() {
        return false;
    }

    /**
     * Injects the fault while the service runs, lifts it, and returns how long the service took to commit again
     * after each time it was lifted.
     */
    List<Duration> inject(FaultContext context) throws Exception;
}
