package io.cirstream.ingest.chaos;

import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the triplet topic ({@code cir.triplets}) from the beginning to the end offsets it has when the read starts,
 * committed records only ({@code read_committed}), not for a fixed time: how often each caption is there.
 */
final class TripletReader {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private TripletReader() {}

    /** Each triplet's caption and how many records on the topic carry it. */
    static Map<String, Long> captions(String bootstrapServers) {
        Topic<String, LabelledTriplet> topic = Topics.TRIPLETS;
        Map<String, Long> captions = new TreeMap<>();
        TopicReplay.readToEnd(
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                topic.name(),
                LIMIT,
                record -> {
                    LabelledTriplet triplet =
                            topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                    captions.merge(triplet.getCaption(), 1L, Long::sum);
                });
        return captions;
    }
}
