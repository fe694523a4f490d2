package io.cirstream.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where product features live and are searched: the port every store adapter implements (embedded Lucene, Milvus).
 *
 * <p>Products live in collections, one per image-encoder version; writes go to the collection named by each
 * product's {@link StoredProduct#encoderVersion()}, reads go to the active collection. A new encoder version is
 * rolled out by {@link #createCollection}, filling it, then {@link #switchTo} — queries keep reading the old one
 * until the switch.
 *
 * <p>Writes are versioned ({@link SourceVersion}: source event time, then offset) so that replaying any range of
 * the catalogue leaves the store identical: an upsert older than what the store holds for that id is ignored, and
 * so is a deletion (see {@link ProductDeletion} for the rule and its tombstones).
 *
 * <p>Search is by cosine similarity: the store normalises the query and indexes normalised vectors, yet keeps each
 * raw feature and returns it unchanged from {@link #getFeatures} (the Combiner needs raw features).
 *
 * <p>Implementations are thread-safe. Writes are durable when the method returns.
 */
public interface VectorStore extends AutoCloseable {

    /** The largest {@code k} a search accepts. */
    int MAX_K = 16_384;

    /**
     * Creates an empty collection for this encoder version, with features of this dimension. Does nothing if it
     * exists with the same dimension. The new collection starts with the tombstones of the active one, so that an
     * upsert older than a deletion made before the collection existed (whose delete event the compacted catalogue
     * topic may no longer hold) cannot bring the product back into it.
     *
     * @throws VectorStoreException if it exists with another dimension
     */
    void createCollection(String encoderVersion, int dimension);

    /** Makes this existing collection the one reads go to, atomically and durably. */
    void switchTo(String encoderVersion);

    /**
     * Removes this collection and everything in it (an earlier encoder version's, after a switch-over's grace
     * period). Does nothing if it does not exist.
     *
     * @throws VectorStoreException if it is the active collection
     */
    void dropCollection(String encoderVersion);

    /** The collection reads go to; empty until the first {@link #switchTo}. */
    Optional<String> activeCollection();

    /** The encoder versions that have a collection. */
    List<String> collections();

    /**
     * Writes these products, each to its encoder version's collection, replacing what is held under the same id
     * unless that is newer. Within a batch, the newest write per id wins.
     *
     * @return how many of them were applied (not ignored as stale)
     * @throws io.cirstream.core.InvalidInputException if a feature's dimension is not the collection's
     * @throws VectorStoreException if a product's collection does not exist
     */
    int upsert(List<StoredProduct> products);

    /**
     * Removes these products from every collection, unless a collection holds a newer version of one.
     *
     * @return how many products were removed from the active collection (ids it did not hold, or held newer, don't
     *     count)
     */
    int delete(List<ProductDeletion> deletions);

    /** The raw (un-normalised) features of these ids in the active collection; ids it does not hold are absent. */
    Map<String, float[]> getFeatures(Collection<String> productIds);

    /**
     * The raw features of these ids in this encoder version's collection, active or not (a reader that holds this
     * version's encoders reads it until the switch, and through a switch-over's grace period after it).
     *
     * @throws VectorStoreException if this encoder version has no collection
     */
    Map<String, float[]> getFeatures(String encoderVersion, Collection<String> productIds);

    /** The largest batch {@link #scanFeatures} hands out. */
    int MAX_SCAN_BATCH = 16_384;

    /**
     * Hands every live product of the active collection, with its raw feature, to {@code batches}, in batches of at
     * most {@code batchSize} (each a map from product id to raw feature), each product once. Nothing is handed out
     * when no collection is active. Writes during the scan may or may not be seen.
     *
     * @throws io.cirstream.core.InvalidInputException if batchSize is not in 1..{@link #MAX_SCAN_BATCH}
     */
    void scanFeatures(int batchSize, Consumer<Map<String, float[]>> batches);

    /**
     * What this collection holds for these ids, exactly as last written: the raw feature, every scalar field, the
     * image hash and the version. Ids it does not hold, or holds as deleted, are absent. A writer uses it to see
     * whether a product's image changed ({@link StoredProduct#imageSha256()}) and to update only its scalars, keeping
     * the feature, when it did not.
     *
     * @throws VectorStoreException if this encoder version has no collection
     */
    Map<String, StoredProduct> getProducts(String encoderVersion, Collection<String> productIds);

    /**
     * The {@code k} products of the active collection closest to {@code query} by cosine similarity among those
     * that pass {@code filter}, best first.
     *
     * @throws io.cirstream.core.InvalidInputException if k is not in 1..{@link #MAX_K}, or the query's dimension is
     *     not the collection's, or the query is zero or not finite
     */
    List<SearchHit> search(float[] query, int k, ProductFilter filter);

    /**
     * As {@link #search(float[], int, ProductFilter)}, in this encoder version's collection, active or not: a query
     * composed with one version's encoders searches that version's features, also while the store switches.
     *
     * @throws VectorStoreException if this encoder version has no collection
     */
    List<SearchHit> search(String encoderVersion, float[] query, int k, ProductFilter filter);

    /** How many products the active collection holds (0 when none is active). */
    long count();

    /** How many products this collection holds. */
    long count(String encoderVersion);

    @Override
    void close();
}
