package io.cirstream.query.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw text features of recent captions, least recently used evicted first, at most a fixed number of entries
 * (captions repeat: "is red", "has long sleeves"). One cache serves one text encoder; the features are copied in and
 * out. Thread-safe.
 */
public final class TextFeatureCache {

    private final int capacity;
    private final Map<String, float[]> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** A cache of at most {@code capacity} captions; 0 keeps nothing. */
    public TextFeatureCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > TextFeatureCache.this.capacity;
            }
        };
    }

    /** The cached feature of this caption, counted as a hit or a miss. */
    public Optional<float[]> get(String caption) {
        float[] feature;
        synchronized (entries) {
            feature = entries.get(caption);
        }
        (feature == null ? misses : hits).incrementAndGet();
        return Optional.ofNullable(feature).map(float[]::clone);
    }

    /** Keeps this caption's feature, evicting the least recently used entry when full. */
    public void put(String caption, float[] feature) {
        if (capacity == 0) {
            return;
        }
        synchronized (entries) {
            entries.put(caption, feature.clone());
        }
    }

    /** How many captions are held. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    public int capacity() {
        return capacity;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** Hits over lookups since start; 0 before the first lookup. */
    public double hitRate() {
        long h = hits.get();
        long total = h + misses.get();
        return total == 0 ? 0 : (double) h / total;
    }
}
