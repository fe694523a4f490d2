package io.cirstream.core.kafka;

import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the records a service could not process to the dead-letter topic of the topic they came from, and waits for
 * the broker's acknowledgement, so that the caller may commit the original offset only once the dead letter is safe.
 * Thread-safe (Kafka producers are).
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final Clock clock;

    /** A publisher over this producer, which it closes. */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer) {
        this(producer, Clock.systemUTC());
    }

    DeadLetterPublisher(Producer<byte[], byte[]> producer, Clock clock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A publisher with its own producer: acks from all replicas, idempotent, and a request size that fits the largest
     * dead letter ({@link Topics#DEAD_LETTER_MAX_BYTES}).
     *
     * @param overrides further producer settings (security, client id, ...)
     */
    public static DeadLetterPublisher connect(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DEAD_LETTER_MAX_BYTES);
        config.putAll(overrides);
        return new DeadLetterPublisher(
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /**
     * Sends the dead letter of {@code record}, read from {@code source}, and waits until the broker has it.
     *
     * @throws IllegalArgumentException if {@code source} has no dead-letter topic
     * @throws DeadLetterException if the broker did not take it
     */
    public void publish(Topic<?, ?> source, ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        Topic<byte[], DeadLetter> target = Topics.deadLettersOf(source)
                .orElseThrow(
                        () -> new IllegalArgumentException("topic " + source.name() + " has no dead-letter topic"));
        DeadLetter letter = DeadLetters.of(record, reason, clock.instant());
        byte[] value = target.valueSerde().serializer().serialize(target.name(), letter);
        try {
            producer.send(new ProducerRecord<>(target.name(), record.key(), value))
                    .get();
        } catch (ExecutionException e) {
            throw new DeadLetterException(
                    "could not write the dead letter of " + record.topic() + "-" + record.partition() + "@"
                            + record.offset() + " to " + target.name() + ": " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException(
                    "interrupted while writing the dead letter of " + record.topic() + "-" + record.partition() + "@"
                            + record.offset(),
                    e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
