package io.cirstream.core.registry;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the model topic once, up to its end ({@link TopicReplay#readToEnd}), for tools: the latest announcement of a
 * model name is the version that serves (or should: a query instance may have refused it, see {@link ModelRegistry}).
 */
public final class ModelTopicReader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTopicReader.class);

    private ModelTopicReader() {}

    /**
     * The latest announcement of {@code modelName}, if any.
     *
     * @throws CirstreamException when the topic does not exist, or Kafka does not answer or the topic cannot be read
     *     to its end within {@code timeout}
     */
    public static Optional<ModelVersion> latest(String bootstrapServers, String modelName, Duration timeout) {
        AtomicReference<ModelVersion> latest = new AtomicReference<>();
        Map<TopicPartition, Long> ends;
        try {
            ends = TopicReplay.readToEnd(
                    ModelTopicConsumer.open(bootstrapServers, "cirstream-model-tool"),
                    Topics.MODELS.name(),
                    timeout,
                    record -> {
                        if (modelName.equals(keyOf(record)) && record.value() != null) {
                            decode(record).ifPresent(latest::set);
                        }
                    });
        } catch (TimeoutException e) {
            throw new CirstreamException(
                    "cannot read " + Topics.MODELS.name() + " on " + bootstrapServers + " to its end within " + timeout,
                    e);
        }
        if (ends.isEmpty()) {
            throw new CirstreamException("topic " + Topics.MODELS.name() + " does not exist on " + bootstrapServers);
        }
        return Optional.ofNullable(latest.get());
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static Optional<ModelVersion> decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Optional.of(Topics.MODELS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            LOG.warn(
                    "skipping an undecodable announcement at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
