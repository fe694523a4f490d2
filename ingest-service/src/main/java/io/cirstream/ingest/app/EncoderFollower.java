package io.cirstream.ingest.app;

import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.registry.BundleLoader;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ModelTopicConsumer;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.ingest.config.IngestConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the encoder line on the model topic and moves the ingest service to each announced image encoder: the
 * bundle is fetched from the model store and verified ({@link BundleLoader}), its image encoder opened, and the
 * service switched to it ({@link IngestService#switchEncoder}: the new collection is rebuilt from the catalogue topic,
 * then the store switches to it). At start it reads the line first ({@link #initialEncoder}): a restarted instance
 * starts on the latest announced encoder, not on the configured bundle's older one (which would rebuild and switch
 * back). It owns the encoder in use: the one the service started with, then each one it switched to; a replaced one is
 * closed once the service no longer uses it.
 */
public final class EncoderFollower implements ModelRegistry.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private final TorchRuntime.Resolved runtime;
    private final ImageLimits limits;
    private final Optional<ModelRegistry> registry;
    private final Optional<DeadLetterPublisher> deadLetters;
    private final Thread thread;
    private IngestService service;
    private volatile ImageEmbedder current;

    private EncoderFollower(IngestConfig config, TorchRuntime.Resolved runtime) {
        this.runtime = runtime;
        this.limits = config.imageLimits();
        if (config.followEncoders()) {
            DeadLetterPublisher letters = DeadLetterPublisher.connect(config.bootstrapServers(), Map.of());
            this.deadLetters = Optional.of(letters);
            this.registry = Optional.of(new ModelRegistry(
                    ModelTopicConsumer.open(config.bootstrapServers(), config.groupId() + "-encoders"),
                    config.encoderLine(),
                    new BundleLoader(
                            config.modelStore().open(),
                            config.dataDirectory().resolve("encoders"),
                            config.modelStore().maxWeightBytes()),
                    letters,
                    this,
                    POLL_TIMEOUT));
            this.thread = Thread.ofPlatform()
                    .daemon()
                    .name("cirstream-ingest-encoders")
                    .unstarted(registry.get());
        } else {
            this.deadLetters = Optional.empty();
            this.registry = Optional.empty();
            this.thread = null;
        }
    }

    /** Starts following the encoder line (unless {@code cirstream.ingest.follow-encoders} is off). */
    public static EncoderFollower start(IngestConfig config, TorchRuntime.Resolved runtime) {
        EncoderFollower follower = new EncoderFollower(
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(runtime, "runtime"));
        if (follower.thread != null) {
            follower.thread.start();
        }
        return follower;
    }

    /**
     * The image encoder to start the service on, which the follower owns from here on: that of the latest bundle
     * announced on the line (read to its end first, for at most a minute), else that of {@code configured}.
     */
    public ImageEmbedder initialEncoder(ModelBundle configured) throws InterruptedException {
        ModelBundle bundle = configured;
        if (registry.isPresent()) {
            if (!registry.get().awaitCaughtUp(READY_WAIT)) {
                LOG.warn("the encoder line was not read within {} s: starting on the configured bundle", READY_WAIT);
            }
            Optional<ServingModel> announced = registry.get().current();
            if (announced.isPresent()) {
                bundle = ModelBundle.open(announced.get().file(), true);
                LOG.info(
                        "starting on the announced encoders {} (the configured bundle's are {})",
                        bundle.encoderVersion(),
                        configured.encoderVersion());
            }
        }
        ImageEmbedder opened = ImageEmbedder.open(bundle, runtime, limits);
        synchronized (this) {
            current = opened;
        }
        return opened;
    }

    /**
     * From now on each announcement switches {@code started}, which runs on {@link #initialEncoder}'s encoder; one
     * that arrived meanwhile is applied at once.
     */
    public void attach(IngestService started) {
        Optional<ServingModel> latest;
        synchronized (this) {
            service = Objects.requireNonNull(started, "started");
            latest = registry.flatMap(ModelRegistry::current);
        }
        latest.ifPresent(model -> swapped(Optional.empty(), model));
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
    public synchronized void swapped(Optional<ServingModel> previous, ServingModel next) {
        String version = next.version().getEncoderVersion();
        if (service == null || version.equals(current.version())) {
            return; // not started yet: initialEncoder and attach take the latest announcement
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

    /** Closes the encoder in use, if one was opened; call after the service is closed. */
    public void closeEncoder() {
        ImageEmbedder inUse = current;
        if (inUse != null) {
            inUse.close();
        }
    }
}
