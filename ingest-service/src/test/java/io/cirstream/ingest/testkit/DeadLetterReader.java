package io.cirstream.ingest.testkit;

import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the catalogue's dead-letter topic from the beginning to the end offsets it has when the read starts: every
 * letter written before then, whatever the time it takes (up to a limit), and nothing is waited for beyond them. It reads committed
 * letters only ({@code read_committed}): the ingest service writes them in transactions with its offsets.
 */
public final class DeadLetterReader {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private DeadLetterReader() {}

    /** Every committed letter on the topic when the call starts, in order. */
    public static List<DeadLetter> readAll(String bootstrapServers) {
        Topic<byte[], DeadLetter> topic = Topics.CATALOG_PRODUCTS_DLQ;
        List<DeadLetter> letters = new ArrayList<>();
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
                topic.name(),
                LIMIT,
                record -> letters.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value())));
        return letters;
    }
}
