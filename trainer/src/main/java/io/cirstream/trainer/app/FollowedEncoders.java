package io.cirstream.trainer.app;

import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.schemas.avro.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoders the trainer trains for now, and the switch to each bundle announced on the encoder line (it hears the
 * line's registry). A run takes the current encoders when it starts; a switch makes them stale ({@link #isCurrent}),
 * and a run publishes only {@link #whileCurrent while} its encoders are still the current ones: a switch waits for a
 * publication in progress, and a publication after a switch does not happen. Encoders replaced by a switch are closed
 * once no run uses them ({@link #closeRetired}), or when the trainer stops.
 */
final class FollowedEncoders implements ModelRegistry.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FollowedEncoders.class);

    private final Function<ModelBundle, TrainingEncoders> opener;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<TrainingEncoders> retired = new ArrayList<>();
    private volatile TrainingEncoders current;
    private volatile Consumer<TrainingEncoders> switched;
    private final List<String> refusals = new ArrayList<>();

    /**
     * @param initial the encoders the trainer starts on
     * @param opener opens an announced bundle's encoders for training
     */
    FollowedEncoders(TrainingEncoders initial, Function<ModelBundle, TrainingEncoders> opener) {
        this.current = Objects.requireNonNull(initial, "initial");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The encoders runs start with now. */
    TrainingEncoders current() {
        return current;
    }

    /** Whether {@code encoders} are still the ones the trainer trains for. */
    boolean isCurrent(TrainingEncoders encoders) {
        return current == encoders;
    }

    /**
     * Does {@code action} if {@code encoders} are still the current ones, holding off any switch until it is done.
     *
     * @return its result, or empty when the encoders were switched meanwhile (then it did not run)
     */
    <T> Optional<T> whileCurrent(TrainingEncoders encoders, Supplier<T> action) {
        lock.readLock().lock();
        try {
            return current == encoders ? Optional.of(action.get()) : Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * From now on each bundle the line announces switches the encoders, and {@code listener} hears each switch (on the
     * line's thread); a bundle that arrived before is applied at once.
     */
    void attach(Optional<ServingModel> latest, Consumer<TrainingEncoders> listener) {
        this.switched = Objects.requireNonNull(listener, "listener");
        latest.ifPresent(model -> swapped(Optional.empty(), model));
    }

    @Override
    public synchronized void swapped(Optional<ServingModel> previous, ServingModel next) {
        Consumer<TrainingEncoders> listener = switched;
        String version = next.version().getEncoderVersion();
        if (listener == null || version.equals(current.version())) {
            return; // not attached yet: the trainer starts on the latest bundle of the line
        }
        TrainingEncoders opened;
        try {
            opened = opener.apply(ModelBundle.open(next.file(), true));
        } catch (RuntimeException e) {
            LOG.error("cannot train for the encoders {}; staying on {}: {}", version, current.version(), e.toString());
            synchronized (refusals) {
                refusals.add(version + ": " + e.getMessage());
            }
            return;
        }
        TrainingEncoders replaced;
        lock.writeLock().lock();
        try {
            replaced = current;
            current = opened;
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (retired) {
            retired.add(replaced);
        }
        LOG.info("the encoder line moved to {}: training for it from now on (was {})", version, replaced.version());
        listener.accept(opened);
    }

    @Override
    public void rejected(ModelVersion version, String reason) {
        synchronized (refusals) {
            refusals.add(version.getVersion() + ": " + reason);
        }
    }

    /** The bundles refused so far (why), oldest first. */
    List<String> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }

    /** Closes the encoders replaced by a switch; call only when no run is in progress. */
    void closeRetired() {
        List<TrainingEncoders> closing;
        synchronized (retired) {
            closing = List.copyOf(retired);
            retired.clear();
        }
        closing.forEach(FollowedEncoders::closeQuietly);
    }

    @Override
    public void close() {
        closeRetired();
        closeQuietly(current);
    }

    private static void closeQuietly(TrainingEncoders encoders) {
        try {
            encoders.close();
        } catch (RuntimeException e) {
            LOG.warn("closing {} failed: {}", encoders, e.toString());
        }
    }
}
