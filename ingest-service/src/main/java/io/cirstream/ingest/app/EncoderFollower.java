package io.cirstream.ingest.app;

import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.registry.BundleLoader;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.ingest.config.IngestConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the encoder line on the model topic and moves the ingest service to each announced image encoder: the
 * bundle is fetched from the model store and verified ({@link BundleLoader}), its image encoder opened, and the
 * service switched to it ({@link IngestService#switchEncoder}: the new collection is rebuilt from the catalogue topic,
 * then the store switches to it). It owns the encoder in use: the one it started with, then each one it switched
 * to; a replaced one is closed once the service no longer uses it.
 */
public final class EncoderFollower implements ModelRegistry.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final IngestService service;
    private final TorchRuntime.Resolved runtime;
    private final ImageLimits limits;
    private final Optional<ModelRegistry> registry;
    private final Optional<DeadLetterPublisher> deadLetters;
    private final Thread thread;
    private volatile ImageEmbedder current;

    private EncoderFollower(
            IngestConfig config, IngestService service, ImageEmbedder initial, TorchRuntime.Resolved runtime) {
        this.service = service;
        this.runtime = runtime;
        this.limits = config.imageLimits();
        this.current = initial;
        if (config.followEncoders()) {
            DeadLetterPublisher letters = DeadLetterPublisher.connect(config.bootstrapServers(), Map.of());
            this.deadLetters = Optional.of(letters);
            this.registry = Optional.of(new ModelRegistry(
                    consumer(config),
                    config.encoderLine(),
                    new BundleLoader(
                            config.modelStore().open(),
                            config.dataDirectory().resolve("encoders"),
                            config.modelStore().maxWeightBytes()),
                    letters,
                    this,
                    POLL_TIMEOUT));
            this.thread = Thread.ofPlatform().name("cirstream-ingest-encoders").unstarted(registry.get());
        } else {
            this.deadLetters = Optional.empty();
            this.registry = Optional.empty();
            this.thread = null;
        }
    }

    /**
     * Starts following the encoder line (unless {@code cirstream.ingest.follow-encoders} is off).
     *
     * @param initial the encoder the service runs on now; the follower owns and closes it from here on
     */
    public static EncoderFollower start(
            IngestConfig config, IngestService service, ImageEmbedder initial, TorchRuntime.Resolved runtime) {
        EncoderFollower follower = new EncoderFollower(
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(service, "service"),
                Objects.requireNonNull(initial, "initial"),
                Objects.requireNonNull(runtime, "runtime"));
        if (follower.thread != null) {
            follower.thread.start();
        }
        return follower;
    }

    /** The image encoder the service runs on now. */
    public String encoderVersion() {
        return current.version();
    }

    /** Where following the encoder line stands, for {@code /health}. */
    public HealthStatus health() {
        return registry.map(ModelRegistry::health).orElseGet(() -> HealthStatus.up("not following the encoder line"));
    }

    @Override
    public void swapped(Optional<ServingModel> previous, ServingModel next) {
        String version = next.version().getEncoderVersion();
        if (version.equals(current.version())) {
            return;
        }
        ImageEmbedder opened;
        try {
            opened = ImageEmbedder.open(ModelBundle.open(next.file(), true), runtime, limits);
        } catch (RuntimeException e) {
            LOG.error("cannot open the image encoder {}; staying on {}: {}", version, current.version(), e);
            return;
        }
        ImageEmbedder replaced = current;
        try {
            service.switchEncoder(opened);
        } catch (RuntimeException e) {
            LOG.error("cannot switch to the image encoder {}; staying on {}: {}", version, replaced.version(), e);
            opened.close();
            return;
        }
        current = opened;
        replaced.close();
    }

    @Override
    public void close() {
        registry.ifPresent(ModelRegistry::close);
        if (thread != null) {
            try {
                thread.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deadLetters.ifPresent(DeadLetterPublisher::close);
    }

    /** Closes the encoder in use; call after the service is closed. */
    public void closeEncoder() {
        current.close();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(IngestConfig config) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        config.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        config.groupId() + "-encoders"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
