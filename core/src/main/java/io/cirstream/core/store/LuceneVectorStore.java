package io.cirstream.core.store;

import io.cirstream.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded vector store: Lucene indexes in a local directory, durable across restarts.
 *
 * <p>Layout: {@code <root>/collections/<encoderVersion>/} holds one Lucene index per encoder version (HNSW on
 * normalised vectors, raw features as stored bytes, filter fields as terms and points); {@code <root>/ACTIVE} names
 * the active one and is switched by an atomic move. Each write batch is committed before the call returns.
 */
public final class LuceneVectorStore implements VectorStore {

    /** Encoder versions become directory names: letters, digits, dot, dash, underscore, up to 128 characters. */
    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final String COLLECTIONS_DIR = "collections";

    private final LuceneStoreConfig config;
    private final Path collectionsRoot;
    private final ActiveCollectionPointer pointer;
    private final Map<String, LuceneCollection> collections = new ConcurrentHashMap<>();
    private volatile String active;
    private volatile boolean closed;

    private LuceneVectorStore(LuceneStoreConfig config) {
        this.config = config;
        this.collectionsRoot = config.directory().resolve(COLLECTIONS_DIR);
        this.pointer = new ActiveCollectionPointer(config.directory());
    }

    /** Opens the store in {@code config.directory()}, creating it if missing and reopening what is there. */
    public static LuceneVectorStore open(LuceneStoreConfig config) {
        Objects.requireNonNull(config, "config");
        LuceneVectorStore store = new LuceneVectorStore(config);
        try {
            store.load();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void load() {
        try {
            Files.createDirectories(collectionsRoot);
            try (Stream<Path> dirs = Files.list(collectionsRoot)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    String name = dir.getFileName().toString();
                    collections.put(name, LuceneCollection.open(name, dir, config));
                }
            }
        } catch (IOException e) {
            throw new VectorStoreException("cannot open the store in " + config.directory(), e);
        }
        active = pointer.read().orElse(null);
        if (active != null && !collections.containsKey(active)) {
            throw new VectorStoreException("the active collection " + active + " named by "
                    + config.directory().resolve(ActiveCollectionPointer.FILE_NAME) + " does not exist");
        }
    }

    @Override
    public synchronized void createCollection(String encoderVersion, int dimension) {
        requireOpen();
        requireName(encoderVersion);
        LuceneCollection existing = collections.get(encoderVersion);
        if (existing != null) {
            if (existing.dimension() != dimension) {
                throw new VectorStoreException("collection " + encoderVersion + " exists with dimension "
                        + existing.dimension() + ", not " + dimension);
            }
            return;
        }
        Path path = collectionsRoot.resolve(encoderVersion);
        LuceneCollection created = LuceneCollection.create(encoderVersion, path, dimension, config);
        LuceneCollection source = active == null ? null : collections.get(active);
        if (source != null) {
            created.delete(source.tombstones());
        }
        collections.put(encoderVersion, created);
    }

    @Override
    public synchronized void switchTo(String encoderVersion) {
        requireOpen();
        collection(encoderVersion);
        pointer.write(encoderVersion);
        active = encoderVersion;
    }

    @Override
    public synchronized void dropCollection(String encoderVersion) {
        requireOpen();
        if (encoderVersion.equals(active)) {
            throw new VectorStoreException(
                    "collection " + encoderVersion + " is the active one: switch to another before dropping it");
        }
        LuceneCollection dropped = collections.remove(encoderVersion);
        if (dropped == null) {
            return;
        }
        dropped.close();
        Path path = collectionsRoot.resolve(encoderVersion);
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new VectorStoreException(
                    "collection " + encoderVersion + " is closed but " + path + " could not be deleted: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public Optional<String> activeCollection() {
        return Optional.ofNullable(active);
    }

    @Override
    public List<String> collections() {
        return collections.keySet().stream().sorted().toList();
    }

    @Override
    public int upsert(List<StoredProduct> products) {
        requireOpen();
        Map<String, List<StoredProduct>> byCollection = new LinkedHashMap<>();
        for (StoredProduct product : products) {
            LuceneCollection target = collection(product.encoderVersion());
            FeatureVectors.requireDimension(
                    "feature of product " + product.productId(), product.dimension(), target.dimension());
            byCollection
                    .computeIfAbsent(product.encoderVersion(), v -> new ArrayList<>())
                    .add(product);
        }
        int applied = 0;
        for (Map.Entry<String, List<StoredProduct>> batch : byCollection.entrySet()) {
            applied += collection(batch.getKey()).upsert(batch.getValue());
        }
        return applied;
    }

    @Override
    public int delete(List<ProductDeletion> deletions) {
        requireOpen();
        List<ProductDeletion> batch = List.copyOf(deletions);
        String activeName = active;
        int removedFromActive = 0;
        for (Map.Entry<String, LuceneCollection> collection : collections.entrySet()) {
            int removed = collection.getValue().delete(batch);
            if (collection.getKey().equals(activeName)) {
                removedFromActive = removed;
            }
        }
        return removedFromActive;
    }

    @Override
    public Map<String, float[]> getFeatures(Collection<String> productIds) {
        requireOpen();
        Objects.requireNonNull(productIds, "productIds");
        String name = active;
        return name == null ? Map.of() : collection(name).getFeatures(productIds);
    }

    @Override
    public Map<String, float[]> getFeatures(String encoderVersion, Collection<String> productIds) {
        requireOpen();
        Objects.requireNonNull(productIds, "productIds");
        return collection(encoderVersion).getFeatures(productIds);
    }

    @Override
    public Map<String, StoredProduct> getProducts(String encoderVersion, Collection<String> productIds) {
        requireOpen();
        Objects.requireNonNull(productIds, "productIds");
        return collection(encoderVersion).getProducts(productIds);
    }

    @Override
    public void scanFeatures(int batchSize, Consumer<Map<String, float[]>> batches) {
        requireOpen();
        FeatureVectors.requireScanBatch(batchSize);
        Objects.requireNonNull(batches, "batches");
        String name = active;
        if (name != null) {
            collection(name).scanFeatures(batchSize, batches);
        }
    }

    @Override
    public List<SearchHit> search(float[] query, int k, ProductFilter filter) {
        requireOpen();
        FeatureVectors.requireSearch(query, k, filter);
        return activeOrFail().search(query, k, filter);
    }

    @Override
    public List<SearchHit> search(String encoderVersion, float[] query, int k, ProductFilter filter) {
        requireOpen();
        FeatureVectors.requireSearch(query, k, filter);
        return collection(encoderVersion).search(query, k, filter);
    }

    @Override
    public long count() {
        requireOpen();
        String name = active;
        return name == null ? 0 : collection(name).count();
    }

    @Override
    public long count(String encoderVersion) {
        requireOpen();
        return collection(encoderVersion).count();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        VectorStoreException failure = null;
        for (LuceneCollection collection : collections.values()) {
            try {
                collection.close();
            } catch (VectorStoreException e) {
                failure = failure == null ? e : failure;
            }
        }
        collections.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private LuceneCollection activeOrFail() {
        String name = active;
        if (name == null) {
            throw new VectorStoreException("no active collection: create one and switchTo it first");
        }
        return collection(name);
    }

    private LuceneCollection collection(String encoderVersion) {
        Objects.requireNonNull(encoderVersion, "encoderVersion");
        LuceneCollection collection = collections.get(encoderVersion);
        if (collection == null) {
            throw new VectorStoreException(
                    "no collection for encoder version " + encoderVersion + "; existing: " + collections());
        }
        return collection;
    }

    private static void requireName(String encoderVersion) {
        Objects.requireNonNull(encoderVersion, "encoderVersion");
        if (!COLLECTION_NAME.matcher(encoderVersion).matches()) {
            throw new InvalidInputException("encoder version " + encoderVersion + " is not a valid collection name ("
                    + COLLECTION_NAME.pattern() + ")");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new VectorStoreException("the store in " + config.directory() + " is closed");
        }
    }
}
