package io.cirstream.ingest.testkit;

import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes catalogue records (typed events, tombstones, raw bytes) and waits for each acknowledgement. */
public final class CatalogProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    public CatalogProducer(String bootstrapServers) {
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        Topics.IMAGE_RECORD_MAX_BYTES,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Sends the upsert; its offset. */
    public long send(Upsert upsert) {
        return send(upsert.productId(), upsert.event());
    }

    /** Sends a delete event; its offset. */
    public long delete(String productId, long eventTimeMillis) {
        return send(productId, new CatalogEvent(new ProductDeleted(productId, Instant.ofEpochMilli(eventTimeMillis))));
    }

    /** Sends a tombstone (null value) for the product, at this record timestamp; its offset. */
    public long tombstone(String productId, long timestampMillis) {
        return raw(productId.getBytes(StandardCharsets.UTF_8), null, timestampMillis);
    }

    /** Sends this event under this key; its offset. */
    public long send(String key, CatalogEvent event) {
        byte[] value =
                Topics.CATALOG_PRODUCTS.valueSerde().serializer().serialize(Topics.CATALOG_PRODUCTS.name(), event);
        return raw(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, null);
    }

    /** Sends raw bytes; its offset. */
    public long raw(byte[] key, byte[] value, Long timestampMillis) {
        try {
            RecordMetadata metadata = producer.send(
                            new ProducerRecord<>(Topics.CATALOG_PRODUCTS.name(), null, timestampMillis, key, value))
                    .get();
            return metadata.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed: " + e.getCause(), e.getCause());
        }
    }

    /** Sends without waiting (for volume); call {@link #flush}. */
    public void sendAsync(String key, CatalogEvent event) {
        byte[] value =
                Topics.CATALOG_PRODUCTS.valueSerde().serializer().serialize(Topics.CATALOG_PRODUCTS.name(), event);
        producer.send(
                new ProducerRecord<>(Topics.CATALOG_PRODUCTS.name(), key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** Sends a tombstone without waiting. */
    public void tombstoneAsync(String key) {
        producer.send(new ProducerRecord<>(Topics.CATALOG_PRODUCTS.name(), key.getBytes(StandardCharsets.UTF_8), null));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
