package io.cirstream.query.model;

import ai.djl.Device;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.schemas.avro.ModelVersion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Combiner versions this instance serves. It hears the {@link ModelRegistry}, which fetches every announced
 * version and verifies its SHA-256, dimensions and encoder version; a verified one is built on the device, warmed up
 * with one forward pass and only then swapped in, atomically: a query takes the current version once and composes
 * with it. A version refused by the registry or failing its warm-up is never served and the last good one goes on.
 * The most recent versions stay loaded for queries that pin one; older ones are closed. Rollback is an announcement
 * of an older version: it is served like any other.
 */
public final class CombinerVersions implements ModelRegistry.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CombinerVersions.class);

    private final Device device;
    private final int kept;
    private final Clock clock;
    private final Consumer<ServingCombiner> swapListener;
    private final LinkedHashMap<String, ServingCombiner> recent = new LinkedHashMap<>();
    private final List<ModelEvent> events = new ArrayList<>();
    private volatile ServingCombiner current;

    /**
     * @param initial what serves before any announcement (the bundle's Combiner), if anything
     * @param device where new versions run
     * @param kept how many versions stay loaded (the current one and those before it), at least 1
     * @param swapListener hears every swap, after it took effect
     */
    public CombinerVersions(
            Optional<ServingCombiner> initial,
            Device device,
            int kept,
            Clock clock,
            Consumer<ServingCombiner> swapListener) {
        this.device = Objects.requireNonNull(device, "device");
        if (kept < 1) {
            throw new IllegalArgumentException("at least one Combiner version must stay loaded, got " + kept);
        }
        this.kept = kept;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.swapListener = Objects.requireNonNull(swapListener, "swapListener");
        initial.ifPresent(serving -> install(serving, "the model bundle's Combiner"));
    }

    /** The version that answers queries that pin none; empty until one is loaded. */
    public Optional<ServingCombiner> current() {
        return Optional.ofNullable(current);
    }

    /** A loaded version by name (the current one or a recent one), for a query that pins it. */
    public synchronized Optional<ServingCombiner> find(String version) {
        return Optional.ofNullable(recent.get(version));
    }

    /** Every decision so far, newest first. */
    public synchronized List<ModelEvent> events() {
        return List.copyOf(events.reversed());
    }

    @Override
    public void swapped(Optional<ServingModel> previous, ServingModel next) {
        String name = next.name();
        ServingCombiner loaded = find(name).orElse(null);
        if (loaded == null) {
            Combiner combiner;
            try {
                combiner = build(next.weights());
            } catch (RuntimeException e) {
                LOG.error("refusing Combiner {}: the warm-up failed; still serving {}: {}", name, currentName(), e);
                record(next.version(), ModelEvent.Status.REFUSED, "warm-up failed: " + e.getMessage());
                return;
            }
            loaded = new ServingCombiner(name, combiner, Optional.of(next.version()));
        }
        install(loaded, next.version().getUri());
    }

    @Override
    public void rejected(ModelVersion version, String reason) {
        record(version, ModelEvent.Status.REFUSED, reason);
    }

    private Combiner build(CombinerWeights weights) {
        Combiner combiner = Combiner.create(weights, device);
        try {
            int dim = combiner.dims().featureDim();
            float[] probe = new float[dim];
            java.util.Arrays.fill(probe, 1f / dim);
            combiner.combine(probe, probe);
            return combiner;
        } catch (RuntimeException e) {
            combiner.close();
            throw e;
        }
    }

    private void install(ServingCombiner serving, String source) {
        List<ServingCombiner> evicted = new ArrayList<>();
        synchronized (this) {
            recent.remove(serving.version());
            recent.put(serving.version(), serving);
            while (recent.size() > kept) {
                String eldest = recent.keySet().iterator().next();
                evicted.add(recent.remove(eldest));
            }
            events.replaceAll(event ->
                    event.status() == ModelEvent.Status.SERVING ? event.withStatus(ModelEvent.Status.PREVIOUS) : event);
            events.add(new ModelEvent(
                    serving.version(),
                    ModelEvent.Status.SERVING,
                    source,
                    serving.announcement().map(ModelVersion::getMetrics).orElse(Map.of()),
                    serving.announcement().map(ModelVersion::getParentVersion),
                    clock.instant()));
            current = serving;
        }
        LOG.info("serving Combiner {}", serving.version());
        swapListener.accept(serving);
        evicted.forEach(old -> old.combiner().close());
    }

    private synchronized void record(ModelVersion version, ModelEvent.Status status, String detail) {
        events.add(new ModelEvent(
                version.getVersion(),
                status,
                detail,
                version.getMetrics(),
                Optional.ofNullable(version.getParentVersion()),
                clock.instant()));
    }

    private String currentName() {
        ServingCombiner serving = current;
        return serving == null ? "nothing" : serving.version();
    }

    /** Closes every loaded Combiner (after the calls in progress). */
    @Override
    public void close() {
        List<ServingCombiner> all;
        synchronized (this) {
            all = List.copyOf(recent.values());
            recent.clear();
            current = null;
        }
        all.forEach(serving -> serving.combiner().close());
    }
}
