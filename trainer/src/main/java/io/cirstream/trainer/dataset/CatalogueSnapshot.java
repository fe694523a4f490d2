package io.cirstream.trainer.dataset;

import io.cirstream.core.eval.FeatureIndex;
import io.cirstream.core.store.VectorStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The raw image features of every product the store's active collection holds, read once per training run so that the
 * training examples and the held-out ranking see the same catalogue. Entries are sorted by product id, which makes the
 * catalogue order (and the tie-breaking of equal scores) the same in every run over the same products.
 */
public final class CatalogueSnapshot {

    /** Products fetched from the store per batch. */
    static final int SCAN_BATCH = 4096;

    private final List<String> ids;
    private final float[][] rawFeatures;
    private final Map<String, Integer> positions;

    private CatalogueSnapshot(List<String> ids, float[][] rawFeatures) {
        this.ids = ids;
        this.rawFeatures = rawFeatures;
        this.positions = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            positions.put(ids.get(i), i);
        }
    }

    /** Reads the active collection of {@code store}. */
    public static CatalogueSnapshot of(VectorStore store) {
        TreeMap<String, float[]> sorted = new TreeMap<>();
        store.scanFeatures(SCAN_BATCH, sorted::putAll);
        return new CatalogueSnapshot(
                List.copyOf(sorted.keySet()), sorted.values().toArray(float[][]::new));
    }

    /** Products in the snapshot. */
    public int size() {
        return ids.size();
    }

    /** Whether the catalogue holds the product. */
    public boolean contains(String productId) {
        return positions.containsKey(productId);
    }

    /** The product's position, or -1. */
    public int indexOf(String productId) {
        return positions.getOrDefault(productId, -1);
    }

    /** The product's raw image feature (shared, not copied: do not change it). */
    public float[] rawFeature(String productId) {
        Integer position = positions.get(productId);
        if (position == null) {
            throw new IllegalArgumentException("product " + productId + " is not in the catalogue snapshot");
        }
        return rawFeatures[position];
    }

    /** The feature dimension (0 for an empty catalogue). */
    public int dimension() {
        return rawFeatures.length == 0 ? 0 : rawFeatures[0].length;
    }

    /** The exact-search index over the snapshot, in the snapshot's order. */
    public FeatureIndex index() {
        return FeatureIndex.of(ids, rawFeatures);
    }

    /** The product ids, in order. */
    public List<String> ids() {
        return new ArrayList<>(ids);
    }
}
