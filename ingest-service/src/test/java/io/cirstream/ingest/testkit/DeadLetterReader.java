package io.cirstream.ingest.testkit;

import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the catalogue's dead-letter topic from the beginning to the end offsets it has when the read starts: every
 * letter written before then, whatever the time it takes, and nothing is waited for beyond them. It reads committed
 * letters only ({@code read_committed}): the ingest service writes them in transactions with its offsets.
 */
public final class DeadLetterReader {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration LIMIT = Duration.ofMinutes(2);

    private DeadLetterReader() {}

    /** Every committed letter on the topic when the call starts, in order. */
    public static List<DeadLetter> readAll(String bootstrapServers) {
        Topic<byte[], DeadLetter> topic = Topics.CATALOG_PRODUCTS_DLQ;
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        Topics.DEAD_LETTER_MAX_BYTES),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(PartitionInfo::partition)
                    .map(p -> new TopicPartition(topic.name(), p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the dead-letter topic was not read to its end offsets " + end + " within "
                            + LIMIT + " (" + letters.size() + " letters read)");
                }
                consumer.poll(POLL)
                        .forEach(record -> letters.add(
                                topic.valueSerde().deserializer().deserialize(topic.name(), record.value())));
            }
        }
        return letters;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
