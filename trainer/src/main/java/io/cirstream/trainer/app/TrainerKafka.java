package io.cirstream.trainer.app;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The trainer's triplet consumer (the model topic's is {@code ModelTopicConsumer}): raw bytes, so that every record's
 * decoding failure is the trainer's to handle.
 */
final class TrainerKafka {

    private TrainerKafka() {}

    /** The triplet consumer: offsets committed by hand, under the trainer's group (for lag monitoring). */
    static KafkaConsumer<byte[], byte[]> tripletConsumer(String bootstrapServers, String groupId) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        groupId,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        groupId + "-triplets"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
