package io.cirstream.core.registry;

import io.cirstream.core.CirstreamException;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Announces model versions on the compacted model topic, keyed by model name, and waits for the broker's
 * acknowledgement: the announcement is the last step of a publication (or the whole of a promotion or rollback), and
 * it is done only when every replica has it. Announce only versions whose weights are in the model store.
 */
public final class ModelAnnouncer implements AutoCloseable {

    private final Producer<String, ModelVersion> producer;

    /** An announcer over this producer, which it closes. */
    public ModelAnnouncer(Producer<String, ModelVersion> producer) {
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    /** An announcer with its own producer: acks from all replicas, idempotent. */
    public static ModelAnnouncer connect(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(overrides);
        return new ModelAnnouncer(new KafkaProducer<>(
                config,
                Topics.MODELS.keySerde().serializer(),
                Topics.MODELS.valueSerde().serializer()));
    }

    /** Sends the announcement and returns once the broker has it. */
    public void announce(ModelVersion version) {
        try {
            producer.send(new ProducerRecord<>(Topics.MODELS.name(), version.getModelName(), version))
                    .get();
        } catch (ExecutionException e) {
            throw new CirstreamException(
                    "could not announce " + version.getModelName() + " " + version.getVersion() + " on "
                            + Topics.MODELS.name() + ": " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CirstreamException("interrupted while announcing " + version.getVersion(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
