package io.cirstream.ingest.consume;

import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.schemas.topic.Topics;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends rejected catalogue records to the catalogue's dead-letter topic, each acknowledged before it returns. */
public final class DeadLetterSink implements RejectionSink {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);

    private final DeadLetterPublisher publisher;
    private final IngestMetrics metrics;

    public DeadLetterSink(DeadLetterPublisher publisher, IngestMetrics metrics) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void accept(List<Rejection> rejections) {
        for (Rejection rejection : rejections) {
            publisher.publish(Topics.CATALOG_PRODUCTS, rejection.record(), rejection.reason());
            metrics.deadLettered(rejection.reason());
            LOG.warn(
                    "dead-lettered {}-{}@{}: {}",
                    rejection.record().topic(),
                    rejection.record().partition(),
                    rejection.record().offset(),
                    rejection.reason().getMessage());
        }
    }
}
