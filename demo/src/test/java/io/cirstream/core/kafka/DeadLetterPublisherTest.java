package io.cirstream.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.testkit.Integration;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.demo.kafka.EmbeddedKafkaConfig;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class DeadLetterPublisherTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    @Test
    void writesTheOriginalBytesWhereTheyCameFromAndWhyToTheSourcesDeadLetterTopic(@TempDir Path dataDir) {
        byte[] key = "product-7".getBytes(StandardCharsets.UTF_8);
        byte[] value = {(byte) 0xC3, 0x01, 9, 9, 9};
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(Topics.CATALOG_PRODUCTS.name(), 4, 1234L, key, value);

        try (EmbeddedKafka kafka =
                EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDataDir(dataDir))) {
            kafka.createTopics(Topics.CATALOG_PRODUCTS_DLQ);
            try (DeadLetterPublisher publisher = DeadLetterPublisher.connect(kafka.bootstrapServers(), Map.of())) {
                publisher.publish(
                        Topics.CATALOG_PRODUCTS,
                        record,
                        new InvalidInputException("image is truncated", new IllegalStateException("EOF at 812")));
                publisher.publish(Topics.CATALOG_PRODUCTS, tombstone(), new IllegalArgumentException("no event"));
            }

            List<ConsumerRecord<byte[], byte[]>> letters = readAll(kafka, Topics.CATALOG_PRODUCTS_DLQ.name(), 2);
            assertThat(letters.get(0).key()).isEqualTo(key);
            DeadLetter letter = Topics.CATALOG_PRODUCTS_DLQ
                    .valueSerde()
                    .deserializer()
                    .deserialize(
                            Topics.CATALOG_PRODUCTS_DLQ.name(), letters.get(0).value());
            assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(key));
            assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(value));
            assertThat(letter.getTopic()).isEqualTo("catalog.products");
            assertThat(letter.getPartition()).isEqualTo(4);
            assertThat(letter.getOffset()).isEqualTo(1234L);
            assertThat(letter.getErrorClass()).isEqualTo(InvalidInputException.class.getName());
            assertThat(letter.getErrorMessage())
                    .isEqualTo("image is truncated; caused by java.lang.IllegalStateException: EOF at 812");
            assertThat(letter.getFailedAt()).isBefore(Instant.now().plusSeconds(1));

            DeadLetter empty = Topics.CATALOG_PRODUCTS_DLQ
                    .valueSerde()
                    .deserializer()
                    .deserialize(
                            Topics.CATALOG_PRODUCTS_DLQ.name(), letters.get(1).value());
            assertThat(empty.getOriginalKey()).isNull();
            assertThat(empty.getOriginalValue()).isNull();
        }
    }

    @Test
    void refusesATopicWithoutDeadLetters() {
        try (DeadLetterPublisher publisher = new DeadLetterPublisher(new MockProducer<>())) {
            assertThatThrownBy(() -> publisher.publish(Topics.RESULTS, tombstone(), new IllegalStateException()))
                    .hasMessage("topic cir.results has no dead-letter topic");
        }
    }

    @Test
    void longMessagesAreCut() {
        String message = DeadLetters.message(new IllegalStateException("x".repeat(10_000)));
        assertThat(message).hasSize(DeadLetters.MAX_MESSAGE_CHARS).endsWith("... (cut)");
    }

    private static ConsumerRecord<byte[], byte[]> tombstone() {
        return new ConsumerRecord<>(Topics.CATALOG_PRODUCTS.name(), 0, 5L, null, null);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafka kafka, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).hasSize(expected);
        return out;
    }
}
