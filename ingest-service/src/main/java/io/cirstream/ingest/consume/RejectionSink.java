package io.cirstream.ingest.consume;

import java.util.List;

/**
 * Where a batch's rejected records go before its offsets are committed: the dead-letter topic for the live stream,
 * the log for a rebuild (which re-reads records the live stream dead-lettered when they first came).
 */
@FunctionalInterface
public interface RejectionSink {

    /** Hands over the rejections; returns once they are safe (or throws, and the batch is retried). */
    void accept(List<Rejection> rejections);
}
