package io.cirstream.ingest.chaos;

import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.TmpfsMount;
import io.cirstream.ingest.testkit.IngestHarness;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a fault acts on in one run - the broker, the ingest process, the store, the tmpfs under it - and the run's
 * progress: how much of the catalogue the service has committed.
 */
final class FaultContext {

    /** Longest wait for the service to get somewhere (it may have a backlog of minutes on a loaded machine). */
    static final Duration PROGRESS_LIMIT = Duration.ofMinutes(10);

    private static final String PAUSED = "not written, pausing consumption";

    private final Broker broker;
    private final IngestProcess ingest;
    private final StoreBackend store;
    private final Optional<TmpfsMount> tmpfs;
    private final IngestHarness harness;
    private final long total;

    FaultContext(
            Broker broker,
            IngestProcess ingest,
            StoreBackend store,
            Optional<TmpfsMount> tmpfs,
            IngestHarness harness,
            long total) {
        this.broker = broker;
        this.ingest = ingest;
        this.store = store;
        this.tmpfs = tmpfs;
        this.harness = harness;
        this.total = total;
    }

    Broker broker() {
        return broker;
    }

    IngestProcess ingest() {
        return ingest;
    }

    StoreBackend store() {
        return store;
    }

    TmpfsMount tmpfs() {
        return tmpfs.orElseThrow(() -> new IllegalStateException("this run has no tmpfs"));
    }

    /** Records committed by the service's group, over all partitions. */
    long committed() {
        return harness.committed(FaultMatrixSettings.GROUP).values().stream()
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
    }

    /** The offset the service's group has committed on this catalogue partition (0 if none). */
    long committedOffset(int partition) {
        OffsetAndMetadata committed = harness.committed(FaultMatrixSettings.GROUP)
                .get(new TopicPartition(Topics.CATALOG_PRODUCTS.name(), partition));
        return committed == null ? 0 : committed.offset();
    }

    long total() {
        return total;
    }

    /** Waits until the service has committed at least this share of the catalogue. */
    void awaitCommitted(double share) {
        long records = (long) (total * share);
        Await.until("the ingest service to commit " + records + " of " + total + " records", PROGRESS_LIMIT, () -> {
            ingest.requireAlive();
            return committed() >= records;
        });
    }

    /** Waits until the service has committed everything. */
    void awaitAllCommitted() {
        awaitCommitted(1.0);
    }

    /** Waits until the running service logs that a batch failed and it pauses to retry (the fault is seen). */
    void awaitPaused() {
        Await.until("the ingest service to pause on the fault", PROGRESS_LIMIT, () -> {
            ingest.requireAlive();
            return ingest.currentLog().contains(PAUSED);
        });
    }

    /**
     * Measures how long after {@code liftedAtNanos} (when the fault ended) the service commits again: the time to
     * recover.
     */
    Duration recoveredSince(long liftedAtNanos) {
        long baseline = committed();
        Await.until("the ingest service to commit again after the fault", PROGRESS_LIMIT, () -> {
            ingest.requireAlive();
            long now = committed();
            return now > baseline || now >= total;
        });
        return Duration.ofNanos(System.nanoTime() - liftedAtNanos);
    }
}
