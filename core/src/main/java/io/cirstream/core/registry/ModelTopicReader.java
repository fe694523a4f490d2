package io.cirstream.core.registry;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.kafka.TopicPartitions;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
     * @throws CirstreamException when the topic cannot be read to its end within {@code timeout}
     */
    public static Optional<ModelVersion> latest(String bootstrapServers, String modelName, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "cirstream-model-tool");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.MODELS.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new CirstreamException(
                        "topic " + Topics.MODELS.name() + " does not exist on " + bootstrapServers);
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            ModelVersion latest = null;
            while (!TopicPartitions.reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new CirstreamException(
                            "could not read " + Topics.MODELS.name() + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.key() == null
                            || record.value() == null
                            || !modelName.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        continue;
                    }
                    try {
                        latest = Topics.MODELS.valueSerde().deserializer().deserialize(record.topic(), record.value());
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
            return Optional.ofNullable(latest);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new CirstreamException("cannot reach Kafka at " + bootstrapServers + " within " + timeout, e);
        }
    }
}
