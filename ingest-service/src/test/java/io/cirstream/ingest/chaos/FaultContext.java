package io.cirstream.ingest.chaos;

import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.TmpfsMount;
import io.cirstream.ingest.testkit.IngestHarness;
import io.cirstream.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a fault acts on in one run - the broker, the ingest process, the store, the tmpfs under it, and on Milvus the
 * query service beside ingest with its model store - and the run's progress: how much of the catalogue the service has
 * committed, and when the fault was on.
 */
final class FaultContext {

    /** Longest wait for the service to get somewhere (it may have a backlog of minutes on a loaded machine). */
    static final Duration PROGRESS_LIMIT = Duration.ofMinutes(10);

    /** Searches answered with hits before the ingest process is let go on after its first commit (Milvus runs). */
    static final int WARM_UP_HITS = 10;

    private static final String PAUSED = "not written, pausing consumption";

    private final Broker broker;
    private final IngestProcess ingest;
    private final StoreBackend store;
    private final Optional<TmpfsMount> tmpfs;
    private final IngestHarness harness;
    private final long total;
    private final Optional<QueryProcess> query;
    private final Optional<QueryTraffic> traffic;
    private final Optional<ModelStoreServer> modelStore;
    private final Path bundle;
    private final List<long[]> windows = new CopyOnWriteArrayList<>();
    private volatile QueryCounts.ModelSwitch modelSwitch;

    FaultContext(
            Broker broker,
            IngestProcess ingest,
            StoreBackend store,
            Optional<TmpfsMount> tmpfs,
            IngestHarness harness,
            long total) {
        this(broker, ingest, store, tmpfs, harness, total, Optional.empty(), Optional.empty(), Optional.empty(), null);
    }

    FaultContext(
            Broker broker,
            IngestProcess ingest,
            StoreBackend store,
            Optional<TmpfsMount> tmpfs,
            IngestHarness harness,
            long total,
            Optional<QueryProcess> query,
            Optional<QueryTraffic> traffic,
            Optional<ModelStoreServer> modelStore,
            Path bundle) {
        this.broker = broker;
        this.ingest = ingest;
        this.store = store;
        this.tmpfs = tmpfs;
        this.harness = harness;
        this.total = total;
        this.query = query;
        this.traffic = traffic;
        this.modelStore = modelStore;
        this.bundle = bundle;
    }

    /** The query service running beside ingest in this run (Milvus runs). */
    QueryProcess query() {
        return query.orElseThrow(() -> new IllegalStateException("this run has no query service"));
    }

    /** The queries and feedback sent to it. */
    QueryTraffic traffic() {
        return traffic.orElseThrow(() -> new IllegalStateException("this run sends no queries"));
    }

    /** The S3 model store the query service reads Combiner versions from. */
    ModelStoreServer modelStore() {
        return modelStore.orElseThrow(() -> new IllegalStateException("this run has no model store server"));
    }

    Path bundle() {
        return bundle;
    }

    /** Marks the start of the fault: requests sent from now until it is lifted count as sent during it. */
    void faultStarted() {
        windows.add(new long[] {System.nanoTime(), Long.MAX_VALUE});
    }

    /** Marks the fault as lifted at {@code nanos} (a {@link System#nanoTime()}). */
    void faultLifted(long nanos) {
        for (long[] window : windows) {
            if (window[1] == Long.MAX_VALUE) {
                window[1] = nanos;
            }
        }
    }

    /** Each {start, lift} of the fault in this run. */
    List<long[]> windows() {
        return List.copyOf(windows);
    }

    void modelSwitch(QueryCounts.ModelSwitch seen) {
        this.modelSwitch = seen;
    }

    Optional<QueryCounts.ModelSwitch> modelSwitch() {
        return Optional.ofNullable(modelSwitch);
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

    /**
     * Where queries are sent: once the ingest service has committed its first records (the store has the encoder's
     * collection and some products), holds the ingest process (SIGSTOP), starts the queries and feedback, and lets it go
     * on (SIGCONT) once {@value #WARM_UP_HITS} searches were answered with hits. Ingest runs a 1,000-event catalogue in
     * seconds and the query service's first searches are slow (its encoders warm up), so without this a fault could
     * come and go before any query was answered.
     */
    void warmUpQueries() throws Exception {
        if (traffic.isEmpty()) {
            return;
        }
        Await.until("the ingest service's first commit", PROGRESS_LIMIT, () -> {
            ingest.requireAlive();
            return committed() > 0;
        });
        ingest.pause();
        try {
            traffic.get().start(query().port());
            Await.until(WARM_UP_HITS + " searches answered with hits", PROGRESS_LIMIT, () -> {
                query().requireAlive();
                return traffic.get().searchesWithHits() >= WARM_UP_HITS;
            });
        } finally {
            ingest.resume();
        }
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
        faultLifted(liftedAtNanos);
        long baseline = committed();
        Await.until("the ingest service to commit again after the fault", PROGRESS_LIMIT, () -> {
            ingest.requireAlive();
            long now = committed();
            return now > baseline || now >= total;
        });
        return Duration.ofNanos(System.nanoTime() - liftedAtNanos);
    }
}
