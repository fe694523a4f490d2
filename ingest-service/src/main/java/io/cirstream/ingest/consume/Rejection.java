package io.cirstream.ingest.consume;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A catalogue record that cannot be applied, with the reason: it goes to the dead-letter topic with its original
 * bytes.
 */
public record Rejection(ConsumerRecord<byte[], byte[]> record, RuntimeException reason) {

    public Rejection {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(reason, "reason");
    }
}
