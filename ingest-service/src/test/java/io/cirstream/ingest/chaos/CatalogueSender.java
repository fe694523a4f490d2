package io.cirstream.ingest.chaos;

import io.cirstream.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a generated catalogue through two producers (idempotent, acks from all replicas), each event by the producer
 * it names, and records where each landed. A producer's burst is flushed before the other producer sends, so each
 * partition holds the events in the order they were generated.
 */
final class CatalogueSender {

    private CatalogueSender() {}

    static List<SentEvent> send(String bootstrapServers, List<ChaosEvent> events) {
        SentEvent[] sent = new SentEvent[events.size()];
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Producer<byte[], byte[]>> producers = List.of(producer(bootstrapServers), producer(bootstrapServers));
        try {
            int current = -1;
            for (ChaosEvent event : events) {
                if (event.producer() != current && current >= 0) {
                    producers.get(current).flush();
                }
                current = event.producer();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        Topics.CATALOG_PRODUCTS.name(), null, event.eventTime(), event.key(), event.value());
                producers.get(current).send(record, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        sent[event.seq()] = new SentEvent(event, metadata.partition(), metadata.offset());
                    }
                });
            }
            producers.forEach(Producer::flush);
        } finally {
            producers.forEach(Producer::close);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the catalogue could not be sent: " + failure.get(), failure.get());
        }
        return new ArrayList<>(List.of(sent));
    }

    private static Producer<byte[], byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        Topics.IMAGE_RECORD_MAX_BYTES,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }
}
