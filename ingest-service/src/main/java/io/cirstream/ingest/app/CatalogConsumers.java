package io.cirstream.ingest.app;

import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.schemas.topic.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka consumers of the catalogue topic. Both read raw bytes (so a record that does not decode can be
 * dead-lettered exactly as it came), committed records only, never commit on their own, and fetch records as large
 * as the topic allows.
 */
final class CatalogConsumers {

    private CatalogConsumers() {}

    /** The live stream's consumer, in the configured group, starting from the start of the topic when it is new. */
    static KafkaConsumer<byte[], byte[]> live(IngestConfig config) {
        Map<String, Object> properties = common(config, "live");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.instanceId().ifPresent(id -> properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A rebuild's consumer: no group, so it commits nothing and disturbs no one. */
    static KafkaConsumer<byte[], byte[]> rebuild(IngestConfig config) {
        return new KafkaConsumer<>(common(config, "rebuild"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<String, Object> common(IngestConfig config, String role) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-" + role);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batching().maxSize());
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.IMAGE_RECORD_MAX_BYTES);
        return properties;
    }
}
