package io.cirstream.query.app;

import io.cirstream.query.model.ServingCombiner;
import io.cirstream.query.search.QueryListener;
import io.cirstream.query.search.TextFeatureCache;
import io.cirstream.schemas.avro.QueryError;
import io.cirstream.schemas.avro.QueryResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The query service's meters: queries by outcome (their rate is queries/s), the engine's latency and the end-to-end
 * latency from submission as histograms, the micro-batch sizes, the text cache's hit rate and size, and the Combiner
 * version serving now.
 */
public final class QueryMetrics implements QueryListener {
    private static final String PREFIX = "cirstream.query.";

    private final MeterRegistry registry;
    private final Timer engineLatency;
    private final Timer totalLatency;
    private final DistributionSummary batchSizes;
    private final MultiGauge serving;

    public QueryMetrics(MeterRegistry registry, java.util.function.Supplier<TextFeatureCache> cache) {
        this.registry = registry;
        this.engineLatency = Timer.builder(PREFIX + "latency")
                .description("time the service spent on a query: validation, features, Combiner, search")
                .publishPercentileHistogram()
                .register(registry);
        this.totalLatency = Timer.builder(PREFIX + "total.latency")
                .description("from the query's submission to its result (queueing in Kafka included)")
                .publishPercentileHistogram()
                .register(registry);
        this.batchSizes = DistributionSummary.builder(PREFIX + "batch.size")
                .description("queries per micro-batch of the text encoder and the Combiner")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder(PREFIX + "text.cache.hit.rate", () -> cache.get().hitRate())
                .description("share of caption lookups answered by the text feature cache")
                .register(registry);
        Gauge.builder(PREFIX + "text.cache.entries", () -> cache.get().size()).register(registry);
        this.serving = MultiGauge.builder(PREFIX + "serving.version.info")
                .description("1 for the Combiner version that answers queries")
                .register(registry);
    }

    @Override
    public void answered(QueryResult result, long nanos) {
        String outcome = result.getOutcome() instanceof QueryError error
                ? error.getCode().name()
                : "HITS";
        Counter.builder(PREFIX + "queries")
                .description("queries answered, by outcome (HITS or the error code)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        engineLatency.record(nanos, TimeUnit.NANOSECONDS);
        totalLatency.record(Duration.ofMillis(result.getTimings().getTotalMillis()));
    }

    /** One micro-batch of this size ran. */
    public void batch(int size) {
        batchSizes.record(size);
    }

    /** This version serves now. */
    public void serving(ServingCombiner combiner) {
        serving.register(List.of(MultiGauge.Row.of(Tags.of("version", combiner.version()), 1.0)), true);
    }
}
