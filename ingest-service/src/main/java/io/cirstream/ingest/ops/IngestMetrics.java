package io.cirstream.ingest.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The ingest service's meters, tagged by stream ({@code source}: {@code live} or {@code rebuild}):
 *
 * <ul>
 *   <li>{@value #EVENTS} (counter, by {@code outcome}: embedded, scalars_only, deleted, stale, dead_lettered) - its
 *       rate is events/s
 *   <li>{@value #BATCH_SIZE} (summary of records per micro-batch)
 *   <li>{@value #EMBED} (timer of embedding calls) and {@value #EMBEDDED_IMAGES} (counter)
 *   <li>{@value #FETCH} (timer of image fetches by URI)
 *   <li>{@value #STORE} (timer of store calls, by {@code op}: read, upsert, delete) and {@value #STORE_FAILURES}
 *   <li>{@value #STORE_AVAILABLE} (gauge, 1 while batches get written) and {@value #LAG} (gauge, records behind)
 *   <li>{@value #DEAD_LETTERS} (counter of records sent to the dead-letter topic, by {@code reason}: the error class)
 * </ul>
 */
public final class IngestMetrics {

    public static final String EVENTS = "cirstream.ingest.events";
    public static final String BATCH_SIZE = "cirstream.ingest.batch.size";
    public static final String EMBED = "cirstream.ingest.embed.latency";
    public static final String EMBEDDED_IMAGES = "cirstream.ingest.embedded.images";
    public static final String FETCH = "cirstream.ingest.fetch.latency";
    public static final String STORE = "cirstream.ingest.store.latency";
    public static final String STORE_FAILURES = "cirstream.ingest.store.failures";
    public static final String STORE_AVAILABLE = "cirstream.ingest.store.available";
    public static final String LAG = "cirstream.ingest.consumer.lag";
    public static final String DEAD_LETTERS = "cirstream.ingest.dead.letters";

    private static final String SOURCE = "source";

    private final MeterRegistry registry;
    private final Timer embed;
    private final Timer fetch;
    private final Counter embeddedImages;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> availability = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.embed = Timer.builder(EMBED)
                .description("time to embed one micro-batch's new images")
                .publishPercentileHistogram()
                .register(registry);
        this.fetch = Timer.builder(FETCH)
                .description("time to fetch one micro-batch's images given by URI")
                .register(registry);
        this.embeddedImages = Counter.builder(EMBEDDED_IMAGES)
                .description("images run through the encoder")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * What one micro-batch did, by event.
     *
     * @param embedded upserts whose image was embedded
     * @param scalarsOnly upserts of an unchanged image: scalars written, feature kept
     * @param deleted removals (delete events and tombstones)
     * @param stale upserts older than what the store holds, skipped
     * @param deadLettered records rejected with a reason
     */
    public record BatchCounts(int embedded, int scalarsOnly, int deleted, int stale, int deadLettered) {}

    /** Counts a finished micro-batch of {@code records} records. */
    public void batchDone(String source, int records, BatchCounts counts) {
        DistributionSummary.builder(BATCH_SIZE)
                .description("records per micro-batch")
                .tag(SOURCE, source)
                .register(registry)
                .record(records);
        events(source, "embedded", counts.embedded());
        events(source, "scalars_only", counts.scalarsOnly());
        events(source, "deleted", counts.deleted());
        events(source, "stale", counts.stale());
        events(source, "dead_lettered", counts.deadLettered());
    }

    /** Counts a record sent to the dead-letter topic because of {@code reason}. */
    public void deadLettered(Throwable reason) {
        Counter.builder(DEAD_LETTERS)
                .description("records sent to the dead-letter topic")
                .tag("reason", reason.getClass().getSimpleName())
                .register(registry)
                .increment();
    }

    public <T> T timeEmbed(int images, Supplier<T> call) {
        embeddedImages.increment(images);
        return embed.record(call);
    }

    public <T> T timeFetch(Supplier<T> call) {
        return fetch.record(call);
    }

    /** Times a store call; failures are timed too. */
    public <T> T timeStore(String op, Supplier<T> call) {
        return Timer.builder(STORE)
                .description("time of vector-store calls")
                .tag("op", op)
                .register(registry)
                .record(call);
    }

    public void storeFailure(String source) {
        Counter.builder(STORE_FAILURES)
                .description("batch stages that failed and were retried (store or dead-letter topic down)")
                .tag(SOURCE, source)
                .register(registry)
                .increment();
    }

    public void storeAvailable(String source, boolean available) {
        gauge(availability, STORE_AVAILABLE, "1 while batches get written, 0 while they are retried", source)
                .set(available ? 1 : 0);
    }

    public void lag(String source, long records) {
        gauge(lags, LAG, "records on the catalogue topic not yet written", source)
                .set(records);
    }

    private void events(String source, String outcome, int count) {
        Counter.builder(EVENTS)
                .description("catalogue events processed, by outcome")
                .tag(SOURCE, source)
                .tag("outcome", outcome)
                .register(registry)
                .increment(count);
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String source) {
        return values.computeIfAbsent(source, s -> {
            AtomicLong value = new AtomicLong(name.equals(STORE_AVAILABLE) ? 1 : 0);
            io.micrometer.core.instrument.Gauge.builder(name, value, AtomicLong::get)
                    .description(description)
                    .tag(SOURCE, s)
                    .register(registry);
            return value;
        });
    }
}
