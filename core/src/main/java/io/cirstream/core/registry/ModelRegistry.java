package io.cirstream.core.registry;

import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.retry.RetryBackoff;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the model topic for one model name and keeps the version to serve: it reads the compacted topic from the
 * start (the latest announcement per name is the one to serve), then every new announcement. Each announced version is
 * fetched and verified by a {@link VersionLoader} before it replaces the current one; one that fails (missing or altered
 * weights, wrong dimensions or encoder) is reported and the last good version keeps serving. One whose weights cannot
 * be fetched now ({@link ModelUnavailableException}: the store unreachable, or not yet showing the file) is tried again
 * with a doubling wait (1 s up to 1 min) until it loads or a newer announcement replaces it. Records that do not
 * decode go to the model topic's dead-letter topic. The topic is read by a following {@link TopicReplay}.
 *
 * <p>Run it on its own thread; {@link #current()} and {@link #awaitCaughtUp} are for any thread.
 */
public final class ModelRegistry implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** Hears the registry's decisions, on the registry's thread. */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** {@code next} replaced {@code previous} (empty for the first version). */
        default void swapped(Optional<ServingModel> previous, ServingModel next) {}

        /** An announced version was refused; the current one (if any) keeps serving. */
        default void rejected(ModelVersion version, String reason) {}

        /** An announced version's weights could not be fetched; the next try is in {@code retryIn}. */
        default void unavailable(ModelVersion version, String reason, Duration retryIn) {}
    }

    private static final Duration PARTITION_WAIT = Duration.ofSeconds(5);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);
    private static final RetryBackoff FETCH_BACKOFF = new RetryBackoff(FIRST_RETRY, MAX_RETRY);
    private static final Deserializer<ModelVersion> VALUES =
            Topics.MODELS.valueSerde().deserializer();

    private final TopicReplay<byte[], byte[]> replay;
    private final String modelName;
    private final VersionLoader loader;
    private final DeadLetterPublisher deadLetters;
    private final Listener listener;
    private final Duration pollTimeout;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile ServingModel current;
    private volatile ModelVersion announced;
    private volatile String lastRejection;
    private volatile String waitingFor;
    private ModelVersion retry;
    private long retryAtNanos;
    private int failedFetches;

    public ModelRegistry(
            Consumer<byte[], byte[]> consumer,
            String modelName,
            VersionLoader loader,
            DeadLetterPublisher deadLetters,
            Listener listener,
            Duration pollTimeout) {
        this.replay =
                TopicReplay.follow(Objects.requireNonNull(consumer, "consumer"), Topics.MODELS.name(), PARTITION_WAIT);
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    @Override
    public void run() {
        replay.run(new Announcements(), pollTimeout);
    }

    /** The version being served, if one was ever announced and verified. */
    public Optional<ServingModel> current() {
        return Optional.ofNullable(current);
    }

    /** The latest announcement read, whether it could be served or not. */
    public Optional<ModelVersion> announced() {
        return Optional.ofNullable(announced);
    }

    /** Whether the announcements that were on the topic at start-up are read and the latest applied. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /**
     * Waits until the announcements that were on the topic at start-up are read and the latest applied.
     *
     * @return false if that took longer than {@code timeout}
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Up while catching up and once serving or when nothing was ever announced; the detail names what serves. */
    public HealthStatus health() {
        ServingModel serving = current;
        ModelVersion latest = announced;
        String rejection = lastRejection;
        if (caughtUp.getCount() > 0) {
            return HealthStatus.up("reading " + Topics.MODELS.name());
        }
        String waiting = waitingFor;
        if (serving == null && latest != null) {
            return HealthStatus.down("no usable version of " + modelName + ": "
                    + (waiting != null ? "waiting for " + waiting : rejection));
        }
        String detail = serving == null ? "no version of " + modelName + " announced" : "serving " + serving.name();
        if (waiting != null) {
            detail += "; waiting for " + waiting;
        }
        return HealthStatus.up(rejection == null ? detail : detail + "; last refused: " + rejection);
    }

    @Override
    public void close() {
        replay.close();
    }

    /**
     * Keeps the latest announcement read; once caught up (no model topic yet: nothing was announced, so there is
     * nothing to catch up on) it applies it, or tries again a version whose weights could not be fetched.
     */
    private final class Announcements implements TopicReplay.Reader<byte[], byte[]> {
        private ModelVersion pending;

        @Override
        public void read(ConsumerRecords<byte[], byte[]> records) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                ModelVersion version = decode(record);
                if (version != null) {
                    pending = version;
                }
            }
            if (ModelRegistry.this.caughtUp()) {
                applyLatest();
            }
        }

        @Override
        public void caughtUp(Map<TopicPartition, Long> ends) {
            applyLatest();
            caughtUp.countDown();
        }

        private void applyLatest() {
            if (pending != null) {
                retry = null;
                failedFetches = 0;
                apply(pending);
                pending = null;
            } else if (retry != null && System.nanoTime() - retryAtNanos >= 0) {
                ModelVersion again = retry;
                retry = null;
                apply(again);
            }
        }
    }

    private ModelVersion decode(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!modelName.equals(key)) {
            return null;
        }
        if (record.value() == null) {
            LOG.warn("a tombstone for model {} on {}: keeping what serves", modelName, Topics.MODELS.name());
            return null;
        }
        try {
            ModelVersion version = VALUES.deserialize(record.topic(), record.value());
            if (!modelName.equals(version.getModelName())) {
                throw new ModelRejectedException(
                        "the announcement under key " + modelName + " names model " + version.getModelName());
            }
            return version;
        } catch (RuntimeException e) {
            deadLetters.publish(Topics.MODELS, record, e);
            return null;
        }
    }

    private void apply(ModelVersion version) {
        announced = version;
        ServingModel serving = current;
        if (serving != null
                && serving.version().getVersion().equals(version.getVersion())
                && serving.version().getSha256().equals(version.getSha256())) {
            current = new ServingModel(version, serving.weights(), serving.file());
            return;
        }
        try {
            ServingModel next = loader.load(version);
            current = next;
            lastRejection = null;
            waitingFor = null;
            failedFetches = 0;
            LOG.info("serving {} {} ({})", modelName, next.name(), version.getUri());
            listener.swapped(Optional.ofNullable(serving), next);
        } catch (ModelUnavailableException e) {
            failedFetches++;
            Duration wait = retryWait(failedFetches);
            retry = version;
            retryAtNanos = System.nanoTime() + wait.toNanos();
            waitingFor = version.getVersion() + " (" + failedFetches + " failed fetch"
                    + (failedFetches == 1 ? "" : "es") + ", next in " + wait.toSeconds() + " s): " + e.getMessage();
            LOG.warn(
                    "cannot fetch {} {} now (try {}), again in {} s; still serving {}: {}",
                    modelName,
                    version.getVersion(),
                    failedFetches,
                    wait.toSeconds(),
                    serving == null ? "nothing" : serving.name(),
                    e.getMessage());
            listener.unavailable(version, e.getMessage(), wait);
        } catch (RuntimeException e) {
            waitingFor = null;
            lastRejection = version.getVersion() + ": " + e.getMessage();
            LOG.error(
                    "refusing {} {}; still serving {}: {}",
                    modelName,
                    version.getVersion(),
                    serving == null ? "nothing" : serving.name(),
                    e.getMessage());
            listener.rejected(version, e.getMessage());
        }
    }

    /** The wait before the {@code failures + 1}-th fetch: 1 s doubling to at most 1 min. */
    static Duration retryWait(int failures) {
        return FETCH_BACKOFF.delay(failures);
    }
}
