package io.cirstream.standalone.pipeline;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Waits until the ingest service has caught up with the catalogue topic: its consumer group committed every record
 * (lag 0) and the store holds the whole catalogue. Progress is the records committed. It fails at once when events
 * were dead-lettered (the store can then never hold the catalogue) and when nothing moved for {@code stallLimit}
 * (with the service's health in the message).
 */
final class IngestCatchUp {

    private static final Duration POLL = Duration.ofMillis(250);

    private IngestCatchUp() {}

    /**
     * What the ingest step achieved.
     *
     * @param records records on the catalogue topic, all committed by the service's group
     * @param stored products in the store's active collection
     * @param embedded images the service ran through the encoder in this run
     * @param seconds from the start of the wait to caught up
     * @param healthPort the service's {@code /health} and {@code /metrics} port
     */
    record Outcome(long records, long stored, long embedded, double seconds, int healthPort) implements StepOutcome {
        @Override
        public String summary() {
            return String.format(
                    "%d products in the index (%d images embedded now), consumer lag 0 on %d records",
                    stored, embedded, records);
        }
    }

    static Outcome await(
            IngestStage ingest, GroupOffsets offsets, long expected, ProgressListener progress, Duration stallLimit) {
        String topic = Topics.CATALOG_PRODUCTS.name();
        String group = ingest.config().groupId();
        long records = offsets.records(topic);
        long start = System.nanoTime();
        progress.stage("ingesting " + topic, records);
        long shown = 0;
        long lastChange = System.nanoTime();
        while (true) {
            GroupOffsets.Position position = offsets.position(topic, group);
            long committed = position.committed();
            long lag = position.lag();
            long stored = ingest.store().count();
            if (committed > shown) {
                progress.advance(Math.min(committed, records) - Math.min(shown, records));
                shown = committed;
                lastChange = System.nanoTime();
            }
            long deadLettered = deadLettered(ingest.service().metrics());
            if (deadLettered > 0) {
                throw new CirstreamException(deadLettered + " catalogue events were dead-lettered (see "
                        + Topics.CATALOG_PRODUCTS_DLQ.name() + "): the index cannot hold the whole catalogue");
            }
            if (lag == 0 && stored == expected) {
                return new Outcome(
                        records,
                        stored,
                        embedded(ingest),
                        (System.nanoTime() - start) / 1e9,
                        ingest.service().httpPort());
            }
            if (lag == 0 && stored > expected) {
                throw new CirstreamException("the index holds " + stored + " products but the catalogue has " + expected
                        + ": was this directory used for another catalogue?");
            }
            if (System.nanoTime() - lastChange > stallLimit.toNanos()) {
                throw new CirstreamException("no progress for " + stallLimit + " (lag " + lag + ", " + stored + " of "
                        + expected + " products stored); ingest health: " + health(ingest));
            }
            sleep();
        }
    }

    private static long deadLettered(IngestMetrics metrics) {
        return (long) metrics.registry().find(IngestMetrics.EVENTS).tag("outcome", "dead_lettered").counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private static long embedded(IngestStage ingest) {
        var counter = ingest.service()
                .metrics()
                .registry()
                .find(IngestMetrics.EMBEDDED_IMAGES)
                .counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static String health(IngestStage ingest) {
        Map<String, HealthStatus> checks = ingest.service().health();
        return checks.entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue().healthy() ? "up" : "DOWN") + ": "
                        + e.getValue().detail())
                .collect(Collectors.joining("; "));
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CirstreamException("interrupted while waiting for the ingest service", e);
        }
    }
}
