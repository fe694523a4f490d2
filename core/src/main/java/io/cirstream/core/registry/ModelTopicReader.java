package io.cirstream.core.registry;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the model topic once, up to its end, for tools: the latest announcement of a model name is the version that
 * serves (or should: a query instance may have refused it, see {@link ModelRegistry}).
 */
public final class ModelTopicReader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTopicReader.class);

    private static final Duration POLL = Duration.ofMillis(200);

    private ModelTopicReader() {}

    /**
     * The latest announcement of {@code modelName}, if any.
     *
     * @throws CirstreamException when the topic does not exist, or cannot be read to its end within {@code timeout}
     */
    public static Optional<ModelVersion> latest(String bootstrapServers, String modelName, Duration timeout) {
        Latest latest = new Latest(bootstrapServers, modelName, timeout);
        try {
            TopicReplay.toEnd(
                            ModelTopicConsumer.open(bootstrapServers, "cirstream-model-tool"),
                            Topics.MODELS.name(),
                            timeout)
                    .run(latest, POLL);
        } catch (TimeoutException e) {
            throw new CirstreamException("cannot reach Kafka at " + bootstrapServers + " within " + timeout, e);
        }
        return Optional.ofNullable(latest.version);
    }

    /** Keeps the latest announcement of one model name, until the topic's end or the deadline. */
    private static final class Latest implements TopicReplay.Reader<byte[], byte[]> {
        private final String bootstrapServers;
        private final String modelName;
        private final Duration timeout;
        private final long deadline;
        private ModelVersion version;

        Latest(String bootstrapServers, String modelName, Duration timeout) {
            this.bootstrapServers = bootstrapServers;
            this.modelName = modelName;
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public void read(ConsumerRecords<byte[], byte[]> records) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.key() != null
                        && record.value() != null
                        && modelName.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    decode(record);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new CirstreamException(
                        "could not read " + Topics.MODELS.name() + " to its end within " + timeout);
            }
        }

        @Override
        public void caughtUp(Map<TopicPartition, Long> ends) {
            if (ends.isEmpty()) {
                throw new CirstreamException(
                        "topic " + Topics.MODELS.name() + " does not exist on " + bootstrapServers);
            }
        }

        private void decode(ConsumerRecord<byte[], byte[]> record) {
            try {
                version = Topics.MODELS.valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                LOG.warn(
                        "skipping an undecodable announcement at {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }
    }
}
