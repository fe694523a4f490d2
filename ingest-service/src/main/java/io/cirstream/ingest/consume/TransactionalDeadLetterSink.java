package io.cirstream.ingest.consume;

import io.cirstream.core.kafka.DeadLetterException;
import io.cirstream.core.kafka.DeadLetters;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch's rejected records to the catalogue's dead-letter topic and commits the batch's offsets in one Kafka
 * transaction: both happen or neither does. A process killed after the letters were written but before the offsets
 * were committed leaves an aborted transaction; the next one reads the batch again and writes its letters once more,
 * and a reader with {@code isolation.level=read_committed} sees each letter exactly once. (Sent one by one and
 * committed after, as before, such a kill left every letter of the batch on the topic twice.)
 *
 * <p>After any failure the producer is closed and a new one is made for the retry; its {@code initTransactions}
 * aborts whatever the old one left open. The transactional id is stable per instance (group and instance id), so a
 * restarted instance also aborts what its killed predecessor left open at once.
 */
public final class TransactionalDeadLetterSink implements RejectionSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalDeadLetterSink.class);
    private static final Topic<byte[], DeadLetter> TARGET = Topics.CATALOG_PRODUCTS_DLQ;
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> config;
    private final IngestMetrics metrics;
    private Producer<byte[], byte[]> producer;

    /**
     * @param transactionalId stable for this instance: a new process with the same id fences the old one
     */
    public TransactionalDeadLetterSink(String bootstrapServers, String transactionalId, IngestMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers));
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Objects.requireNonNull(transactionalId));
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DEAD_LETTER_MAX_BYTES);
        this.config = Map.copyOf(settings);
    }

    /**
     * Opens the producer now, which fences a predecessor with the same transactional id and aborts what it left
     * open. Call before consuming: the group's offsets of an open transaction are held back until it ends. If the
     * broker does not answer, the first write tries again.
     */
    public synchronized void fencePredecessor() {
        long started = System.nanoTime();
        try {
            producer();
            LOG.info("dead-letter producer ready in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (KafkaException e) {
            LOG.warn("could not open the dead-letter producer yet (the first dead letter retries): {}", e.toString());
        }
    }

    /** Writes the letters in a transaction of their own (no offsets to commit with them). */
    @Override
    public void accept(List<Rejection> rejections) {
        if (!rejections.isEmpty()) {
            write(rejections, Map.of(), null);
        }
    }

    @Override
    public void acceptAndCommit(
            List<Rejection> rejections,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            Consumer<byte[], byte[]> consumer) {
        if (rejections.isEmpty()) {
            consumer.commitSync(offsets);
        } else {
            write(rejections, offsets, consumer.groupMetadata());
        }
    }

    private synchronized void write(
            List<Rejection> rejections, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        try {
            Producer<byte[], byte[]> current = producer();
            current.beginTransaction();
            Instant now = Instant.now();
            for (Rejection rejection : rejections) {
                current.send(letter(rejection, now));
            }
            current.flush(); // the letters are in the topic's log, not yet committed
            for (Rejection rejection : rejections) {
                LOG.warn(
                        "dead-lettered {}-{}@{}: {}",
                        rejection.record().topic(),
                        rejection.record().partition(),
                        rejection.record().offset(),
                        rejection.reason().getMessage());
            }
            if (!offsets.isEmpty()) {
                current.sendOffsetsToTransaction(offsets, group);
            }
            current.commitTransaction();
        } catch (CommitFailedException e) {
            discardProducer();
            throw e; // the partitions went to another member, which reads the batch again
        } catch (KafkaException e) {
            discardProducer();
            throw new DeadLetterException(
                    "could not write " + rejections.size() + " dead letters with their batch's offsets to "
                            + TARGET.name() + " (the batch is retried): " + e,
                    e);
        }
        rejections.forEach(rejection -> metrics.deadLettered(rejection.reason()));
    }

    private ProducerRecord<byte[], byte[]> letter(Rejection rejection, Instant now) {
        DeadLetter letter = DeadLetters.of(rejection.record(), rejection.reason(), now);
        return new ProducerRecord<>(
                TARGET.name(),
                rejection.record().key(),
                TARGET.valueSerde().serializer().serialize(TARGET.name(), letter));
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            KafkaProducer<byte[], byte[]> created =
                    new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (KafkaException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.debug("closing a failed dead-letter producer: {}", e.toString());
            }
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
