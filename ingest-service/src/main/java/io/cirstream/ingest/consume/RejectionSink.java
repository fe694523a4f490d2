package io.cirstream.ingest.consume;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a batch's rejected records go before (or as) its offsets are committed: the dead-letter topic for the live
 * stream, the log for a rebuild (which re-reads records the live stream dead-lettered when they first came).
 */
@FunctionalInterface
public interface RejectionSink {

    /** Hands over the rejections; returns once they are safe (or throws, and the batch is retried). */
    void accept(List<Rejection> rejections);

    /**
     * Hands over a written batch's rejections and commits its offsets to {@code consumer}'s group. Here one after the
     * other; a sink that can do both atomically ({@link TransactionalDeadLetterSink}) does, so that a crash between
     * them cannot leave the rejections handed over twice.
     */
    default void acceptAndCommit(
            List<Rejection> rejections,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            Consumer<byte[], byte[]> consumer) {
        if (!rejections.isEmpty()) {
            accept(rejections);
        }
        consumer.commitSync(offsets);
    }
}
