package io.cirstream.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * One encoder version's products in their own Lucene index. Writes are serialised and committed per batch, then
 * the searcher is refreshed; reads share the searcher through a {@link SearcherManager}. Within a batch, held
 * versions are looked up in the searcher of the previous commit (writes are serialised, so it is current) and
 * duplicates inside the batch are collapsed to the newest first.
 */
final class LuceneCollection implements AutoCloseable {

    /** Lucene's HNSW format refuses longer vectors. */
    static final int MAX_DIMENSION = 1024;

    private static final String DIMENSION_KEY = "cirstream.dimension";
    private static final double RAM_BUFFER_MB = 64;

    private final String name;
    private final int dimension;
    private final int searchCandidates;
    private final LuceneStoreConfig config;
    private final Directory directory;
    private volatile IndexWriter writer;
    private volatile SearcherManager searchers;

    private LuceneCollection(String name, Path path, int dimension, LuceneStoreConfig config) throws IOException {
        this.name = name;
        this.dimension = dimension;
        this.searchCandidates = config.searchCandidates();
        this.config = config;
        this.directory = FSDirectory.open(path);
        openWriter();
    }

    /**
     * Opens a writer on the directory's last commit, and a searcher manager on it. Lucene closes a writer for good
     * when a write fails half-way through its files (a full disk, an I/O error: a "tragic" failure, which rolls back
     * to the last commit); the next write opens a new one here, so the store recovers once the disk does.
     */
    private void openWriter() throws IOException {
        KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(config.hnswMaxConn(), config.hnswBeamWidth());
        IndexWriterConfig writerConfig = new IndexWriterConfig()
                .setCodec(new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return hnsw;
                    }
                })
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        IndexWriter opened = new IndexWriter(directory, writerConfig);
        try {
            opened.setLiveCommitData(
                    Map.of(DIMENSION_KEY, Integer.toString(dimension)).entrySet());
            opened.commit();
            SearcherManager manager = new SearcherManager(opened, null);
            SearcherManager previous = searchers;
            writer = opened;
            searchers = manager;
            if (previous != null) {
                IOUtils.closeWhileHandlingException(previous);
            }
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(opened);
            throw e;
        }
    }

    /** Creates (or opens, if there) the collection at {@code path}, for vectors of {@code dimension}. */
    static LuceneCollection create(String name, Path path, int dimension, LuceneStoreConfig config) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new VectorStoreException(
                    "dimension of collection " + name + " must be 1.." + MAX_DIMENSION + ", got " + dimension);
        }
        try {
            return new LuceneCollection(name, path, dimension, config);
        } catch (LockObtainFailedException e) {
            throw locked(name, path, e);
        } catch (IOException e) {
            throw new VectorStoreException("cannot create collection " + name + " in " + path + ": " + e, e);
        }
    }

    /** Opens the existing collection at {@code path}, with the dimension its last commit recorded. */
    static LuceneCollection open(String name, Path path, LuceneStoreConfig config) {
        try (Directory existing = FSDirectory.open(path)) {
            String recorded =
                    SegmentInfos.readLatestCommit(existing).getUserData().get(DIMENSION_KEY);
            if (recorded == null) {
                throw new VectorStoreException("collection " + name + " in " + path + " records no dimension");
            }
            return new LuceneCollection(name, path, Integer.parseInt(recorded), config);
        } catch (LockObtainFailedException e) {
            throw locked(name, path, e);
        } catch (IOException e) {
            throw new VectorStoreException("cannot open collection " + name + " in " + path + ": " + e, e);
        }
    }

    private static VectorStoreException locked(String name, Path path, LockObtainFailedException e) {
        return new VectorStoreException(
                "collection " + name + " in " + path + " is open in another process (a Lucene"
                        + " store is one process's: services in separate processes share a store through Milvus,"
                        + " cirstream.store.kind=milvus; or run them in one JVM with `cirstream pipeline`)",
                e);
    }

    int dimension() {
        return dimension;
    }

    /** Applies the upserts that are not older than what is held; returns how many were applied. */
    synchronized int upsert(List<StoredProduct> products) {
        Map<String, StoredProduct> newest = newestById(products, StoredProduct::productId, StoredProduct::version);
        return write(newest.size(), searcher -> {
            int applied = 0;
            for (StoredProduct product : newest.values()) {
                Document held = findHeld(searcher, product.productId());
                if (held == null || !product.version().isOlderThan(ProductDocuments.version(held))) {
                    writer.updateDocument(ProductDocuments.idTerm(product.productId()), ProductDocuments.live(product));
                    applied++;
                }
            }
            return applied;
        });
    }

    /** Applies the deletions not older than what is held, leaving tombstones; returns how many live products went. */
    synchronized int delete(List<ProductDeletion> deletions) {
        Map<String, ProductDeletion> newest =
                newestById(deletions, ProductDeletion::productId, ProductDeletion::version);
        return write(newest.size(), searcher -> {
            int removed = 0;
            for (ProductDeletion deletion : newest.values()) {
                Document held = findHeld(searcher, deletion.productId());
                if (held != null && deletion.version().isOlderThan(ProductDocuments.version(held))) {
                    continue;
                }
                if (held != null && ProductDocuments.isLive(held)) {
                    removed++;
                }
                writer.updateDocument(
                        ProductDocuments.idTerm(deletion.productId()), ProductDocuments.tombstone(deletion));
            }
            return removed;
        });
    }

    /** Every tombstone this collection holds, as the deletion that left it. */
    List<ProductDeletion> tombstones() {
        return read(searcher -> {
            List<ProductDeletion> tombstones = new ArrayList<>();
            forEachStored(searcher, stored -> {
                if (!ProductDocuments.isLive(stored)) {
                    tombstones.add(
                            new ProductDeletion(stored.get(ProductDocuments.ID), ProductDocuments.version(stored)));
                }
            });
            return tombstones;
        });
    }

    Map<String, float[]> getFeatures(Collection<String> productIds) {
        return read(searcher -> {
            Map<String, float[]> features = new HashMap<>();
            for (String id : productIds) {
                Document held = findHeld(searcher, id);
                if (held != null && ProductDocuments.isLive(held)) {
                    features.put(id, ProductDocuments.rawFeature(held));
                }
            }
            return features;
        });
    }

    Map<String, StoredProduct> getProducts(Collection<String> productIds) {
        return read(searcher -> {
            Map<String, StoredProduct> products = new HashMap<>();
            for (String id : productIds) {
                Document held = findHeld(searcher, id);
                if (held != null && ProductDocuments.isLive(held)) {
                    products.put(id, ProductDocuments.product(held, name));
                }
            }
            return products;
        });
    }

    /** Every live product with its raw feature, in batches, from one point-in-time view of the index. */
    void scanFeatures(int batchSize, Consumer<Map<String, float[]>> batches) {
        read(searcher -> {
            FeatureBatcher batcher = new FeatureBatcher(batchSize, batches);
            forEachStored(searcher, batcher);
            batcher.flush();
            return null;
        });
    }

    List<SearchHit> search(float[] query, int k, ProductFilter filter) {
        FeatureVectors.requireDimension("query", query, dimension);
        float[] unit = FeatureVectors.normalised("query", query);
        KnnFloatVectorQuery knn = new KnnFloatVectorQuery(
                ProductDocuments.VECTOR, unit, Math.max(k, searchCandidates), LuceneFilterQueries.toQuery(filter));
        return read(searcher -> {
            TopDocs top = searcher.search(knn, k);
            var storedFields = searcher.storedFields();
            List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc scoreDoc : top.scoreDocs) {
                String id = storedFields.document(scoreDoc.doc).get(ProductDocuments.ID);
                hits.add(new SearchHit(id, cosineFromScore(scoreDoc.score)));
            }
            return hits;
        });
    }

    long count() {
        return read(searcher ->
                (long) searcher.count(new TermQuery(new Term(ProductDocuments.STATE, ProductDocuments.LIVE))));
    }

    @Override
    public synchronized void close() {
        try {
            IOUtils.close(searchers, writer, directory);
        } catch (IOException e) {
            throw new VectorStoreException("cannot close collection " + name, e);
        }
    }

    /** Lucene scores a dot-product match as {@code (1 + dot) / 2}; on unit vectors the dot product is the cosine. */
    private static float cosineFromScore(float score) {
        return 2 * score - 1;
    }

    private static <T> Map<String, T> newestById(
            List<T> items, Function<T, String> id, Function<T, SourceVersion> version) {
        Map<String, T> newest = new LinkedHashMap<>();
        for (T item : items) {
            newest.merge(
                    id.apply(item),
                    item,
                    (held, next) -> version.apply(next).isOlderThan(version.apply(held)) ? held : next);
        }
        return newest;
    }

    /** Collects the live products' raw features of the documents it is given into batches of a size. */
    private static final class FeatureBatcher implements Consumer<Document> {
        private final int batchSize;
        private final Consumer<Map<String, float[]>> batches;
        private Map<String, float[]> batch = new LinkedHashMap<>();

        FeatureBatcher(int batchSize, Consumer<Map<String, float[]>> batches) {
            this.batchSize = batchSize;
            this.batches = batches;
        }

        @Override
        public void accept(Document stored) {
            if (!ProductDocuments.isLive(stored)) {
                return;
            }
            batch.put(stored.get(ProductDocuments.ID), ProductDocuments.rawFeature(stored));
            if (batch.size() == batchSize) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                batches.accept(batch);
                batch = new LinkedHashMap<>();
            }
        }
    }

    /** Every stored document (live product or tombstone) of the searcher's view, in index order. */
    private static void forEachStored(IndexSearcher searcher, Consumer<Document> action) throws IOException {
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            Bits liveDocs = reader.getLiveDocs();
            var storedFields = reader.storedFields();
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                if (liveDocs == null || liveDocs.get(doc)) {
                    action.accept(storedFields.document(doc));
                }
            }
        }
    }

    /** The document held for this id (live or tombstone) in the searcher's view, or null. */
    private static Document findHeld(IndexSearcher searcher, String productId) throws IOException {
        BytesRef term = new BytesRef(productId);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            Terms terms = reader.terms(ProductDocuments.ID);
            if (terms == null) {
                continue;
            }
            TermsEnum termsEnum = terms.iterator();
            if (!termsEnum.seekExact(term)) {
                continue;
            }
            Bits liveDocs = reader.getLiveDocs();
            PostingsEnum postings = termsEnum.postings(null, PostingsEnum.NONE);
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (liveDocs == null || liveDocs.get(doc)) {
                    return reader.storedFields().document(doc);
                }
            }
        }
        return null;
    }

    private int write(int batchSize, SearcherAction<Integer> action) {
        if (batchSize == 0) {
            return 0;
        }
        try {
            if (!writer.isOpen()) {
                // a write before this one failed and Lucene closed the writer (rolled back to the last commit)
                openWriter();
            }
            int result = read(action);
            writer.commit();
            searchers.maybeRefreshBlocking();
            return result;
        } catch (IOException | AlreadyClosedException e) {
            // Updates already handed to the writer stay pending and go out with the next commit: each was
            // version-checked on its own, so that is as correct as the caller's retry, which re-applies them. If
            // the failure closed the writer, they are rolled back and the retry opens a new writer first.
            String closed = writer.isOpen() ? "" : " (the writer was closed by the failure; the next write reopens it)";
            throw new VectorStoreException("cannot write to collection " + name + closed + ": " + e, e);
        }
    }

    private <T> T read(SearcherAction<T> action) {
        SearcherManager manager = searchers;
        try {
            IndexSearcher searcher = manager.acquire();
            try {
                return action.apply(searcher);
            } finally {
                manager.release(searcher);
            }
        } catch (AlreadyClosedException e) {
            if (manager != searchers) {
                return read(action); // the writer was reopened meanwhile: read from the new one
            }
            throw new VectorStoreException("cannot read collection " + name + ": " + e, e);
        } catch (IOException e) {
            throw new VectorStoreException("cannot read collection " + name, e);
        }
    }

    @FunctionalInterface
    private interface SearcherAction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }
}
