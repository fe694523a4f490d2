package io.cirstream.core.registry;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer a reader of the model topic uses: no group and no commits (it reads the whole compacted topic on every
 * start, see {@link io.cirstream.core.kafka.TopicReplay}), raw bytes (the reader decodes, and dead-letters what does not
 * decode).
 */
public final class ModelTopicConsumer {

    private ModelTopicConsumer() {}

    /** A new model-topic consumer, named {@code clientId} to the broker. */
    public static KafkaConsumer<byte[], byte[]> open(String bootstrapServers, String clientId) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        clientId),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
