package io.cirstream.ingest.testkit;

import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning to the end offsets it has when the read starts ({@link TopicReplay#readToEnd}),
 * committed records only ({@code read_committed}: the services write in transactions), not for a fixed time: every
 * record written before then, whatever the time it takes (up to a limit), and nothing is waited for beyond them.
 */
public final class CommittedTopicReader {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private CommittedTopicReader() {}

    /** Hands on each committed record of {@code topic} as it is now, in order per partition. */
    public static void readAll(String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        TopicReplay.readToEnd(
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                                Topics.DEAD_LETTER_MAX_BYTES),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                topic,
                LIMIT,
                each);
    }
}
