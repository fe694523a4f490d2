package io.cirstream.standalone.pipeline;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.ModelLoader;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ModelTopicConsumer;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.schemas.avro.ModelVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What a query instance would serve now: core's {@link ModelRegistry} reads the model topic from the start, fetches
 * the latest announced version from the model store and verifies it (sha256, dimensions, encoder version) before it
 * serves it, exactly as a query instance does. Empty when nothing was ever announced (the bundle's Combiner serves).
 */
final class ServedCombiner {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private ServedCombiner() {}

    /**
     * Reads the model topic up to its end.
     *
     * @throws CirstreamException when the topic cannot be read within {@code timeout}, or the latest announcement
     *     was refused (the message says why)
     */
    static Optional<ServingModel> read(
            String bootstrapServers,
            ModelStoreConfig store,
            Path cacheDir,
            String modelName,
            CombinerDims dims,
            String encoderVersion,
            Duration timeout) {
        KafkaConsumer<byte[], byte[]> consumer = ModelTopicConsumer.open(bootstrapServers, "cirstream-pipeline-models");
        try (DeadLetterPublisher deadLetters = DeadLetterPublisher.connect(bootstrapServers, Map.of())) {
            ModelLoader loader = new ModelLoader(
                    store.open(), cacheDir, store.maxWeightBytes(), Optional.of(dims), Optional.of(encoderVersion));
            ModelRegistry registry =
                    new ModelRegistry(consumer, modelName, loader, deadLetters, ModelRegistry.Listener.NONE, POLL);
            Thread thread = Thread.ofPlatform().name("pipeline-models").start(registry);
            try {
                if (!registry.awaitCaughtUp(timeout)) {
                    throw new CirstreamException("could not read the model topic within " + timeout);
                }
                Optional<ModelVersion> announced = registry.announced();
                Optional<ServingModel> current = registry.current();
                if (announced.isPresent()
                        && !current.map(ServingModel::name)
                                .equals(Optional.of(announced.get().getVersion()))) {
                    throw new CirstreamException(
                            "the announced version " + announced.get().getVersion() + " was refused: "
                                    + registry.health().detail());
                }
                return current;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CirstreamException("interrupted while reading the model topic", e);
            } finally {
                registry.close();
                join(thread);
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
