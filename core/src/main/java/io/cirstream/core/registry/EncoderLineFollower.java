package io.cirstream.core.registry;

import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.ops.HealthStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@link EncoderLine} on the model topic for a service that moves to each announced encoder bundle (the
 * ingest service re-embeds the catalogue, the trainer trains its Combiners for it): a {@link ModelRegistry} on its own
 * thread, reading the whole compacted topic without a consumer group, whose {@link BundleLoader} fetches each announced
 * bundle from the model store and verifies it before the listener hears of it. {@link #latest(Duration)} reads the line
 * to its end first, so that a service starts on the latest announced encoders rather than on its configured bundle's
 * older ones.
 */
public final class EncoderLineFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderLineFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final ModelRegistry registry;
    private final Thread thread;

    private EncoderLineFollower(ModelRegistry registry, String threadName) {
        this.registry = registry;
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(registry);
    }

    /**
     * Starts following the line.
     *
     * @param bootstrapServers the Kafka cluster
     * @param clientId the model-topic consumer's client id
     * @param line the encoder line's name ({@link EncoderLine#from})
     * @param store the only store bundles are fetched from
     * @param cacheDir where verified archives and unpacked bundles are kept
     * @param maxBytes the largest archive fetched, and the most bytes it may unpack to
     * @param deadLetters where undecodable announcements go (the caller's, not closed here)
     * @param listener hears each verified bundle ({@link ServingModel#file()} is its directory) and each refusal, on
     *     the follower's thread
     * @param threadName the follower thread's name
     */
    public static EncoderLineFollower start(
            String bootstrapServers,
            String clientId,
            String line,
            ModelStore store,
            Path cacheDir,
            long maxBytes,
            DeadLetterPublisher deadLetters,
            ModelRegistry.Listener listener,
            String threadName) {
        KafkaConsumer<byte[], byte[]> consumer = ModelTopicConsumer.open(
                Objects.requireNonNull(bootstrapServers, "bootstrapServers"),
                Objects.requireNonNull(clientId, "clientId"));
        EncoderLineFollower follower = new EncoderLineFollower(
                new ModelRegistry(
                        consumer,
                        line,
                        new BundleLoader(store, cacheDir, maxBytes),
                        deadLetters,
                        listener,
                        POLL_TIMEOUT),
                threadName);
        follower.thread.start();
        return follower;
    }

    /**
     * The latest verified bundle on the line, read to its end first (for at most {@code wait}; at once when the model
     * topic does not exist yet); empty when none was announced (or read in time).
     */
    public Optional<ServingModel> latest(Duration wait) throws InterruptedException {
        if (!registry.awaitCaughtUp(wait)) {
            LOG.warn("the encoder line was not read within {} s", wait.toSeconds());
        }
        return registry.current();
    }

    /**
     * The bundle to start on: the latest announced one (see {@link #latest(Duration)}), opened and verified, else
     * {@code configured}.
     */
    public ModelBundle initialBundle(ModelBundle configured, Duration wait) throws InterruptedException {
        Optional<ServingModel> announced = latest(wait);
        if (announced.isEmpty()) {
            return configured;
        }
        ModelBundle bundle = ModelBundle.open(announced.get().file(), true);
        if (!bundle.encoderVersion().equals(configured.encoderVersion())) {
            LOG.info(
                    "starting on the announced encoders {} (the configured bundle's are {})",
                    bundle.encoderVersion(),
                    configured.encoderVersion());
        }
        return bundle;
    }

    /** The latest verified bundle read so far, if any. */
    public Optional<ServingModel> current() {
        return registry.current();
    }

    /** Whether the line was read up to where it was at start. */
    public boolean caughtUp() {
        return registry.caughtUp();
    }

    /** Where following the line stands, for {@code /health}. */
    public HealthStatus health() {
        return registry.health();
    }

    /** Stops following (the listener hears nothing more once this returns, unless the thread did not stop). */
    @Override
    public void close() {
        registry.close();
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
