package io.cirstream.core.store.milvus;

import static io.cirstream.core.store.milvus.MilvusFailures.failure;
import static io.cirstream.core.store.milvus.MilvusFailures.unreachable;
import static io.cirstream.core.store.milvus.MilvusNames.ACTIVE_ALIAS;
import static io.cirstream.core.store.milvus.MilvusNames.collectionName;
import static io.cirstream.core.store.milvus.MilvusRows.F_DELETED;
import static io.cirstream.core.store.milvus.MilvusRows.F_EVENT_TIME;
import static io.cirstream.core.store.milvus.MilvusRows.F_ID;
import static io.cirstream.core.store.milvus.MilvusRows.F_OFFSET;
import static io.cirstream.core.store.milvus.MilvusRows.F_RAW;
import static io.cirstream.core.store.milvus.MilvusRows.F_UNIT;
import static io.cirstream.core.store.milvus.MilvusRows.MAX_DIMENSION;
import static io.cirstream.core.store.milvus.MilvusRows.PRODUCT_FIELDS;
import static io.cirstream.core.store.milvus.MilvusRows.decode;
import static io.cirstream.core.store.milvus.MilvusRows.product;
import static io.cirstream.core.store.milvus.MilvusRows.row;
import static io.cirstream.core.store.milvus.MilvusRows.tombstone;

import com.google.gson.JsonObject;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.store.FeatureVectors;
import io.cirstream.core.store.ProductDeletion;
import io.cirstream.core.store.ProductFilter;
import io.cirstream.core.store.SearchHit;
import io.cirstream.core.store.SourceVersion;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.VectorStoreException;
import io.milvus.orm.iterator.QueryIterator;
import io.milvus.response.QueryResultsWrapper;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.utility.request.AlterAliasReq;
import io.milvus.v2.service.utility.request.CreateAliasReq;
import io.milvus.v2.service.utility.request.DescribeAliasReq;
import io.milvus.v2.service.vector.request.QueryIteratorReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link VectorStore} port on Milvus (SDK v2; also runs against milvus-lite).
 *
 * <p>One collection per encoder version, named {@value MilvusNames#PREFIX} plus the version with every character outside
 * {@code [A-Za-z0-9]} hex-escaped as {@code _hh} (UTF-8 bytes), so any version gives a safe, distinct name. Reads
 * go through the alias {@value MilvusNames#ACTIVE_ALIAS}; {@link #switchTo} re-points it atomically. Each row holds the
 * unit-length feature (HNSW/COSINE index), the raw feature as base64 little-endian floats, the filter fields, and
 * the write's version; a deletion becomes a tombstone row ({@code deleted == true}) carrying its version, so stale
 * upserts and deletes are recognised: a write applies unless the store holds a strictly newer version for its id. Writes are serialised in this client (milvus-lite allows one writer).
 */
public final class MilvusVectorStore implements VectorStore {

    /** Tombstones copied per page into a new collection. */
    private static final int TOMBSTONE_PAGE = 1000;

    private static final int ID_BATCH = 500;

    private static final long CONNECT_TIMEOUT_MS = 10_000;
    /** Idle clients get a GOAWAY from milvus-lite after about 50 s with the SDK's default keep-alive. */
    private static final long KEEP_ALIVE_MS = 5 * 60_000L;

    static final long RPC_DEADLINE_MS = 10_000;
    static final long MAX_RETRY_MILLIS = 10_000;
    private static final int MAX_RETRIES = 5;
    private static final long INITIAL_RETRY_BACKOFF_MS = 100;
    private static final long MAX_RETRY_BACKOFF_MS = 2_000;

    private final MilvusClientV2 client;
    private final Object writeLock = new Object();
    private final Map<String, Integer> dimensions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    private MilvusVectorStore(MilvusClientV2 client) {
        this.client = client;
    }

    /**
     * Connects to the Milvus server at {@code uri} (for example {@code http://127.0.0.1:19530}). Each call gives up
     * after {@value #RPC_DEADLINE_MS} ms, and the SDK retries a failed call for at most
     * {@value #MAX_RETRY_MILLIS} ms (its default retries for minutes): while the server is down, calls fail within
     * seconds with a {@link VectorStoreException}, so the caller's own back-off and health reporting take over.
     */
    public static MilvusVectorStore connect(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            ConnectConfig config = ConnectConfig.builder()
                    .uri(uri)
                    .connectTimeoutMs(CONNECT_TIMEOUT_MS)
                    .keepAliveTimeMs(KEEP_ALIVE_MS)
                    .keepAliveWithoutCalls(false)
                    .rpcDeadlineMs(RPC_DEADLINE_MS)
                    .build();
            MilvusClientV2 client = new MilvusClientV2(config);
            client.retryConfig(RetryConfig.builder()
                    .maxRetryTimes(MAX_RETRIES)
                    .initialBackOffMs(INITIAL_RETRY_BACKOFF_MS)
                    .maxBackOffMs(MAX_RETRY_BACKOFF_MS)
                    .maxRetryTimeoutMs(MAX_RETRY_MILLIS)
                    .build());
            return new MilvusVectorStore(client);
        } catch (RuntimeException e) {
            throw new VectorStoreException("cannot connect to Milvus at " + uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createCollection(String encoderVersion, int dimension) {
        requireOpen();
        String name = collectionName(encoderVersion);
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new InvalidInputException("dimension must be 1.." + MAX_DIMENSION + ", got " + dimension);
        }
        synchronized (writeLock) {
            Optional<Integer> existing = dimensionOf(name);
            if (existing.isPresent()) {
                if (existing.get() != dimension) {
                    throw new VectorStoreException("collection " + encoderVersion + " exists with dimension "
                            + existing.get() + ", not " + dimension);
                }
                return;
            }
            try {
                CreateCollectionReq.CollectionSchema schema = MilvusRows.schema(client.createSchema(), dimension);
                IndexParam index = MilvusRows.index();
                client.createCollection(CreateCollectionReq.builder()
                        .collectionName(name)
                        .collectionSchema(schema)
                        .indexParams(List.of(index))
                        .consistencyLevel(ConsistencyLevel.STRONG)
                        .build());
                dimensions.put(name, dimension);
            } catch (RuntimeException e) {
                throw failure("cannot create collection " + encoderVersion, e);
            }
            Optional<String> active = activeCollectionName();
            if (active.isPresent()) {
                inheritTombstones(active.get(), name, dimension);
            }
        }
    }

    /** Copies the tombstones of {@code source} into the new collection {@code target}, in pages. */
    private void inheritTombstones(String source, String target, int dimension) {
        QueryIterator iterator;
        try {
            iterator = client.queryIterator(QueryIteratorReq.builder()
                    .collectionName(source)
                    .expr(F_DELETED + " == true")
                    .outputFields(List.of(F_ID, F_EVENT_TIME, F_OFFSET))
                    .batchSize(TOMBSTONE_PAGE)
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .build());
        } catch (RuntimeException e) {
            throw failure("cannot read the tombstones of " + source, e);
        }
        try {
            while (true) {
                List<QueryResultsWrapper.RowRecord> page;
                try {
                    page = iterator.next();
                } catch (RuntimeException e) {
                    throw failure("reading the tombstones of " + source + " failed", e);
                }
                if (page.isEmpty()) {
                    return;
                }
                List<JsonObject> rows = new ArrayList<>(page.size());
                for (QueryResultsWrapper.RowRecord row : page) {
                    rows.add(tombstone(
                            ProductDeletion.of(
                                    (String) row.get(F_ID),
                                    ((Number) row.get(F_EVENT_TIME)).longValue(),
                                    ((Number) row.get(F_OFFSET)).longValue()),
                            dimension));
                }
                write(target, rows);
            }
        } finally {
            iterator.close();
        }
    }

    @Override
    public void switchTo(String encoderVersion) {
        requireOpen();
        String name = collectionName(encoderVersion);
        synchronized (writeLock) {
            if (dimensionOf(name).isEmpty()) {
                throw new VectorStoreException("no collection for encoder version " + encoderVersion);
            }
            try {
                if (activeCollectionName().isPresent()) {
                    client.alterAlias(AlterAliasReq.builder()
                            .alias(ACTIVE_ALIAS)
                            .collectionName(name)
                            .build());
                } else {
                    client.createAlias(CreateAliasReq.builder()
                            .alias(ACTIVE_ALIAS)
                            .collectionName(name)
                            .build());
                }
            } catch (RuntimeException e) {
                throw failure("cannot switch to collection " + encoderVersion, e);
            }
        }
    }

    @Override
    public void dropCollection(String encoderVersion) {
        requireOpen();
        if (activeCollection().filter(encoderVersion::equals).isPresent()) {
            throw new VectorStoreException(
                    "collection " + encoderVersion + " is the active one: switch to another before dropping it");
        }
        String name = collectionName(encoderVersion);
        if (dimensionOf(name).isEmpty()) {
            return;
        }
        try {
            client.dropCollection(
                    DropCollectionReq.builder().collectionName(name).build());
        } catch (RuntimeException e) {
            throw failure("cannot drop collection " + name, e);
        } finally {
            dimensions.remove(name);
        }
    }

    @Override
    public Optional<String> activeCollection() {
        requireOpen();
        return activeCollectionName().flatMap(MilvusNames::encoderVersion);
    }

    private Optional<String> activeCollectionName() {
        try {
            String name = client.describeAlias(
                            DescribeAliasReq.builder().alias(ACTIVE_ALIAS).build())
                    .getCollectionName();
            return name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (RuntimeException e) {
            // No alias yet. The SDK reports that as a bare failure (milvus-lite's status codes do not map onto its
            // enum), so make sure the server is reachable before taking it as "none active".
            try {
                client.listCollections();
            } catch (RuntimeException unreachable) {
                throw failure("cannot read the active collection", unreachable);
            }
            return Optional.empty();
        }
    }

    @Override
    public List<String> collections() {
        requireOpen();
        try {
            return client.listCollections().getCollectionNames().stream()
                    .map(MilvusNames::encoderVersion)
                    .flatMap(Optional::stream)
                    .sorted()
                    .toList();
        } catch (RuntimeException e) {
            throw failure("cannot list collections", e);
        }
    }

    @Override
    public int upsert(List<StoredProduct> products) {
        requireOpen();
        // The newest write per collection and id.
        Map<String, Map<String, StoredProduct>> newest = new LinkedHashMap<>();
        for (StoredProduct product : products) {
            String name = collectionName(product.encoderVersion());
            Integer dimension = dimensionOf(name)
                    .orElseThrow(() ->
                            new VectorStoreException("no collection for encoder version " + product.encoderVersion()));
            FeatureVectors.requireDimension(
                    "feature of product " + product.productId(), product.dimension(), dimension);
            FeatureVectors.normalised("feature of product " + product.productId(), product.feature());
            newest.computeIfAbsent(name, n -> new LinkedHashMap<>())
                    .merge(product.productId(), product, (a, b) -> a.version().isOlderThan(b.version()) ? b : a);
        }
        int applied = 0;
        synchronized (writeLock) {
            for (Map.Entry<String, Map<String, StoredProduct>> entry : newest.entrySet()) {
                String name = entry.getKey();
                Map<String, Held> held = held(name, entry.getValue().keySet());
                List<JsonObject> rows = new ArrayList<>();
                for (StoredProduct product : entry.getValue().values()) {
                    Held current = held.get(product.productId());
                    if (current != null && product.version().isOlderThan(current.version())) {
                        continue;
                    }
                    rows.add(row(product));
                }
                write(name, rows);
                applied += rows.size();
            }
        }
        return applied;
    }

    @Override
    public int delete(List<ProductDeletion> deletions) {
        requireOpen();
        Map<String, ProductDeletion> newest = new LinkedHashMap<>();
        for (ProductDeletion deletion : deletions) {
            newest.merge(deletion.productId(), deletion, (a, b) -> a.version().isOlderThan(b.version()) ? b : a);
        }
        if (newest.isEmpty()) {
            return 0;
        }
        int removedFromActive = 0;
        synchronized (writeLock) {
            Optional<String> active = activeCollectionName();
            for (String version : collections()) {
                String name = collectionName(version);
                int dimension = dimensionOf(name).orElseThrow();
                Map<String, Held> held = held(name, newest.keySet());
                List<JsonObject> rows = new ArrayList<>();
                int removed = 0;
                for (ProductDeletion deletion : newest.values()) {
                    Held current = held.get(deletion.productId());
                    if (current != null && deletion.version().isOlderThan(current.version())) {
                        continue;
                    }
                    if (current != null
                            && current.deleted()
                            && current.version().equals(deletion.version())) {
                        continue;
                    }
                    if (current != null && !current.deleted()) {
                        removed++;
                    }
                    rows.add(tombstone(deletion, dimension));
                }
                write(name, rows);
                if (active.isPresent() && active.get().equals(name)) {
                    removedFromActive += removed;
                }
            }
        }
        return removedFromActive;
    }

    @Override
    public Map<String, float[]> getFeatures(Collection<String> productIds) {
        requireOpen();
        Optional<String> active = activeCollectionName();
        return active.isEmpty() ? Map.of() : features(active.get(), productIds);
    }

    @Override
    public Map<String, float[]> getFeatures(String encoderVersion, Collection<String> productIds) {
        requireOpen();
        return features(existingCollection(encoderVersion), productIds);
    }

    private String existingCollection(String encoderVersion) {
        String name = collectionName(encoderVersion);
        if (dimensionOf(name).isEmpty()) {
            throw new VectorStoreException("no collection for encoder version " + encoderVersion);
        }
        return name;
    }

    private Map<String, float[]> features(String collection, Collection<String> productIds) {
        if (productIds.isEmpty()) {
            return Map.of();
        }
        Map<String, float[]> features = new HashMap<>();
        for (List<String> ids : batches(List.copyOf(new java.util.LinkedHashSet<>(productIds)))) {
            for (QueryResp.QueryResult result : query(
                    collection,
                    MilvusExpressions.in(F_ID, ids) + " && " + F_DELETED + " == false",
                    List.of(F_ID, F_RAW))) {
                Map<String, Object> entity = result.getEntity();
                features.put((String) entity.get(F_ID), decode((String) entity.get(F_RAW)));
            }
        }
        return features;
    }

    @Override
    public Map<String, StoredProduct> getProducts(String encoderVersion, Collection<String> productIds) {
        requireOpen();
        Objects.requireNonNull(productIds, "productIds");
        String name = collectionName(encoderVersion);
        if (dimensionOf(name).isEmpty()) {
            throw new VectorStoreException("no collection for encoder version " + encoderVersion);
        }
        Map<String, StoredProduct> products = new HashMap<>();
        for (List<String> ids : batches(List.copyOf(new java.util.LinkedHashSet<>(productIds)))) {
            for (QueryResp.QueryResult result :
                    query(name, MilvusExpressions.in(F_ID, ids) + " && " + F_DELETED + " == false", PRODUCT_FIELDS)) {
                StoredProduct product = product(result.getEntity(), encoderVersion);
                products.put(product.productId(), product);
            }
        }
        return products;
    }

    @Override
    public void scanFeatures(int batchSize, Consumer<Map<String, float[]>> batches) {
        requireOpen();
        FeatureVectors.requireScanBatch(batchSize);
        Objects.requireNonNull(batches, "batches");
        Optional<String> active = activeCollectionName();
        if (active.isEmpty()) {
            return;
        }
        QueryIterator iterator;
        try {
            iterator = client.queryIterator(QueryIteratorReq.builder()
                    .collectionName(active.get())
                    .expr(F_DELETED + " == false")
                    .outputFields(List.of(F_ID, F_RAW))
                    .batchSize(batchSize)
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .build());
        } catch (RuntimeException e) {
            throw failure("cannot scan " + active.get(), e);
        }
        try {
            while (true) {
                List<QueryResultsWrapper.RowRecord> rows;
                try {
                    rows = iterator.next();
                } catch (RuntimeException e) {
                    throw failure("scan of " + active.get() + " failed", e);
                }
                if (rows.isEmpty()) {
                    return;
                }
                Map<String, float[]> batch = new LinkedHashMap<>();
                for (QueryResultsWrapper.RowRecord row : rows) {
                    batch.put((String) row.get(F_ID), decode((String) row.get(F_RAW)));
                }
                batches.accept(batch);
            }
        } finally {
            iterator.close();
        }
    }

    @Override
    public List<SearchHit> search(float[] query, int k, ProductFilter filter) {
        requireOpen();
        FeatureVectors.requireSearch(query, k, filter);
        String active = activeCollectionName()
                .orElseThrow(() -> new VectorStoreException("no active collection: call switchTo first"));
        return searchIn(active, query, k, filter);
    }

    @Override
    public List<SearchHit> search(String encoderVersion, float[] query, int k, ProductFilter filter) {
        requireOpen();
        FeatureVectors.requireSearch(query, k, filter);
        return searchIn(existingCollection(encoderVersion), query, k, filter);
    }

    private List<SearchHit> searchIn(String active, float[] query, int k, ProductFilter filter) {
        FeatureVectors.requireDimension(
                "query", query.length, dimensionOf(active).orElseThrow());
        float[] unit = FeatureVectors.normalised("query", query);
        SearchReq request = SearchReq.builder()
                .collectionName(active)
                .annsField(F_UNIT)
                .data(List.of(new FloatVec(unit)))
                .topK(k)
                .filter(MilvusExpressions.live(filter))
                .outputFields(List.of(F_ID))
                .metricType(IndexParam.MetricType.COSINE)
                .searchParams(Map.of("ef", Math.max(64, k)))
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build();
        SearchResp response;
        try {
            response = client.search(request);
        } catch (RuntimeException e) {
            if (unreachable(e) || !reloadIfReleased(active)) {
                throw failure("search failed", e);
            }
            try {
                response = client.search(request);
            } catch (RuntimeException again) {
                throw failure("search failed", again);
            }
        }
        List<SearchHit> hits = new ArrayList<>();
        for (SearchResp.SearchResult result : response.getSearchResults().get(0)) {
            hits.add(new SearchHit(String.valueOf(result.getId()), result.getScore()));
        }
        return hits;
    }

    @Override
    public long count() {
        requireOpen();
        return activeCollectionName().map(this::countLive).orElse(0L);
    }

    @Override
    public long count(String encoderVersion) {
        requireOpen();
        String name = collectionName(encoderVersion);
        if (dimensionOf(name).isEmpty()) {
            throw new VectorStoreException("no collection for encoder version " + encoderVersion);
        }
        return countLive(name);
    }

    private long countLive(String name) {
        List<QueryResp.QueryResult> results = query(name, F_DELETED + " == false", List.of("count(*)"));
        return ((Number) results.get(0).getEntity().get("count(*)")).longValue();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }

    private record Held(SourceVersion version, boolean deleted) {}

    private Map<String, Held> held(String name, Collection<String> ids) {
        Map<String, Held> held = new HashMap<>();
        for (List<String> batch : batches(List.copyOf(ids))) {
            for (QueryResp.QueryResult result :
                    query(name, MilvusExpressions.in(F_ID, batch), List.of(F_ID, F_EVENT_TIME, F_OFFSET, F_DELETED))) {
                Map<String, Object> e = result.getEntity();
                held.put(
                        (String) e.get(F_ID),
                        new Held(
                                new SourceVersion(
                                        ((Number) e.get(F_EVENT_TIME)).longValue(),
                                        ((Number) e.get(F_OFFSET)).longValue()),
                                (Boolean) e.get(F_DELETED)));
            }
        }
        return held;
    }

    private List<QueryResp.QueryResult> query(String name, String filter, List<String> fields) {
        QueryReq request = QueryReq.builder()
                .collectionName(name)
                .filter(filter)
                .outputFields(fields)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build();
        try {
            return client.query(request).getQueryResults();
        } catch (RuntimeException e) {
            if (!unreachable(e) && reloadIfReleased(name)) {
                try {
                    return client.query(request).getQueryResults();
                } catch (RuntimeException again) {
                    throw failure("query on " + name + " failed", again);
                }
            }
            throw failure("query on " + name + " failed", e);
        }
    }

    /**
     * Loads the collection if the server holds it released, and says whether it did. A server restarted on its data
     * (milvus-lite does not restore what was loaded) refuses reads until then, and reports that only as an error
     * code the SDK cannot name, so the state is asked for after a failed read.
     */
    private boolean reloadIfReleased(String name) {
        try {
            if (Boolean.TRUE.equals(client.getLoadState(
                    GetLoadStateReq.builder().collectionName(name).build()))) {
                return false;
            }
            client.loadCollection(
                    LoadCollectionReq.builder().collectionName(name).build());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void write(String name, List<JsonObject> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            client.upsert(UpsertReq.builder().collectionName(name).data(rows).build());
        } catch (RuntimeException e) {
            throw failure("write to " + name + " failed", e);
        }
    }

    private Optional<Integer> dimensionOf(String name) {
        Integer known = dimensions.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            if (!client.hasCollection(
                    HasCollectionReq.builder().collectionName(name).build())) {
                return Optional.empty();
            }
            Integer dimension = client.describeCollection(
                            DescribeCollectionReq.builder().collectionName(name).build())
                    .getCollectionSchema()
                    .getField(F_UNIT)
                    .getDimension();
            dimensions.put(name, dimension);
            return Optional.of(dimension);
        } catch (RuntimeException e) {
            throw failure("cannot describe collection " + name, e);
        }
    }

    private static List<List<String>> batches(List<String> ids) {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += ID_BATCH) {
            batches.add(ids.subList(i, Math.min(ids.size(), i + ID_BATCH)));
        }
        return batches;
    }

    private void requireOpen() {
        if (closed) {
            throw new VectorStoreException("the Milvus vector store is closed");
        }
    }
}
