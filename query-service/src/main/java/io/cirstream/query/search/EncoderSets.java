package io.cirstream.query.search;

import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.query.model.ServingCombiner;
import io.cirstream.schemas.avro.ModelVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder versions this instance can answer with, one {@link EncoderSet} each: the bundle it started with, and
 * every bundle announced on the encoder line since (it hears that line's {@link ModelRegistry}). An announced bundle is
 * opened and warmed up <em>before</em> the store switches to its collection, so each query takes the set of the
 * collection that is active when it starts and the switch costs no query. Combiner versions announced on the
 * Combiner line go to the set of their encoder version ({@link #combinerListener()}). The newest {@code kept} sets stay
 * loaded, never the one of the active collection evicted.
 */
public final class EncoderSets implements ModelRegistry.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderSets.class);

    private final Function<ModelBundle, EncoderSet> factory;
    private final Supplier<Optional<String>> activeCollection;
    private final int kept;
    private final LinkedHashMap<String, EncoderSet> sets = new LinkedHashMap<>();
    private final List<String> refusals = new ArrayList<>();

    /**
     * @param initial the set of the bundle the instance started with
     * @param factory opens (and warms up) the set of an announced bundle
     * @param activeCollection the store's active collection now
     * @param kept how many sets stay loaded, at least 2 (the serving one and the next)
     */
    public EncoderSets(
            EncoderSet initial,
            Function<ModelBundle, EncoderSet> factory,
            Supplier<Optional<String>> activeCollection,
            int kept) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.activeCollection = Objects.requireNonNull(activeCollection, "activeCollection");
        if (kept < 2) {
            throw new IllegalArgumentException("at least two encoder sets must stay loaded, got " + kept);
        }
        this.kept = kept;
        sets.put(initial.encoderVersion(), initial);
    }

    /** The set of this encoder version, if it is loaded. */
    public synchronized Optional<EncoderSet> find(String encoderVersion) {
        return Optional.ofNullable(sets.get(encoderVersion));
    }

    /** The encoder versions loaded. */
    public synchronized Set<String> versions() {
        return Set.copyOf(sets.keySet());
    }

    /** The set of the store's active collection if loaded, else the newest one (what {@code /models} shows). */
    public synchronized EncoderSet serving() {
        return activeCollection.get().map(sets::get).orElseGet(() -> sets.lastEntry()
                .getValue());
    }

    /** The bundles refused so far (why), oldest first. */
    public synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    @Override
    public void swapped(Optional<ServingModel> previous, ServingModel next) {
        String version = next.version().getEncoderVersion();
        if (find(version).isPresent()) {
            return;
        }
        EncoderSet opened;
        try {
            opened = factory.apply(ModelBundle.open(next.file(), true));
        } catch (RuntimeException e) {
            LOG.error("refusing the encoders {}: they do not open or warm up: {}", version, e.toString());
            synchronized (this) {
                refusals.add(version + ": " + e.getMessage());
            }
            return;
        }
        List<EncoderSet> evicted = new ArrayList<>();
        synchronized (this) {
            sets.put(version, opened);
            Optional<String> active = activeCollection.get();
            for (String loaded : List.copyOf(sets.keySet())) {
                if (sets.size() <= kept) {
                    break;
                }
                if (!active.filter(loaded::equals).isPresent() && !loaded.equals(version)) {
                    evicted.add(sets.remove(loaded));
                }
            }
        }
        LOG.info(
                "encoders {} loaded with Combiner {}; queries use them once the store's active collection is {}",
                version,
                opened.combiners().current().map(ServingCombiner::version).orElse("none"),
                version);
        evicted.forEach(EncoderSet::close);
    }

    @Override
    public void rejected(ModelVersion version, String reason) {
        synchronized (this) {
            refusals.add(version.getVersion() + ": " + reason);
        }
    }

    /** Hears the Combiner line: each version goes to the set of the encoders it was trained on. */
    public ModelRegistry.Listener combinerListener() {
        return new ModelRegistry.Listener() {
            @Override
            public void swapped(Optional<ServingModel> previous, ServingModel next) {
                find(next.version().getEncoderVersion())
                        .ifPresentOrElse(
                                set -> set.combiners().swapped(previous, next),
                                () -> LOG.warn(
                                        "Combiner {} is for encoders {}, which are not loaded here",
                                        next.name(),
                                        next.version().getEncoderVersion()));
            }

            @Override
            public void rejected(ModelVersion version, String reason) {
                find(version.getEncoderVersion())
                        .orElseGet(EncoderSets.this::serving)
                        .combiners()
                        .rejected(version, reason);
            }
        };
    }

    @Override
    public void close() {
        List<EncoderSet> all;
        synchronized (this) {
            all = List.copyOf(sets.values());
            sets.clear();
        }
        all.forEach(EncoderSet::close);
    }
}
