package io.cirstream.core.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.store.ProductFilter;
import io.cirstream.core.store.SearchHit;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.VectorStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Milvus adapter's HNSW search against exact (brute-force) cosine ranking on random vectors, on a milvus-lite
 * server: recall@50 must reach 0.99, with and without a filter that keeps about 30 % of the products. Mirrors
 * {@code LuceneRecallTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MilvusRecallTest {

    private static final int PRODUCTS = 20_000;
    private static final int DIMENSION = Integer.getInteger("cirstream.recall.dimension", 64);
    private static final int QUERIES = 100;
    private static final int K = 50;
    private static final int BATCH = 2_000;
    private static final int CATEGORIES = 10;
    private static final double MIN_RECALL = 0.99;
    private static final String ENCODER = "recall";

    @TempDir
    static Path dataRoot;

    private MilvusLiteServer server;
    private VectorStore store;
    private final List<StoredProduct> catalogue = new ArrayList<>();
    private final List<float[]> queries = new ArrayList<>();

    @BeforeAll
    void fill() {
        Random random = new Random(42);
        for (int i = 0; i < PRODUCTS; i++) {
            catalogue.add(new StoredProduct(
                    "p" + i,
                    gaussian(random),
                    "c" + random.nextInt(CATEGORIES),
                    i % 5_000,
                    "EUR",
                    i % 2 == 0,
                    Map.of(),
                    "0".repeat(64),
                    ENCODER,
                    1,
                    i));
        }
        for (int q = 0; q < QUERIES; q++) {
            queries.add(gaussian(random));
        }
        server = MilvusLiteServer.start(dataRoot.resolve("milvus"));
        store = MilvusVectorStore.connect(server.uri());
        store.createCollection(ENCODER, DIMENSION);
        store.switchTo(ENCODER);
        long start = System.nanoTime();
        for (int from = 0; from < PRODUCTS; from += BATCH) {
            store.upsert(catalogue.subList(from, from + BATCH));
        }
        System.out.printf(
                "milvus-lite: indexed %d x %d-d in %d ms%n",
                PRODUCTS, DIMENSION, (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void unfilteredRecallAt50IsAtLeast099() {
        double recall = recall(ProductFilter.none());
        System.out.printf("milvus-lite recall@%d unfiltered: %.4f%n", K, recall);
        assertThat(recall).isGreaterThanOrEqualTo(MIN_RECALL);
    }

    @Test
    void filteredRecallAt50IsAtLeast099() {
        ProductFilter filter = ProductFilter.none().withCategories(Set.of("c0", "c1", "c2"));
        long kept = catalogue.stream().filter(filter::test).count();
        double recall = recall(filter);
        System.out.printf(
                "milvus-lite recall@%d with a filter keeping %.1f%%: %.4f%n", K, 100.0 * kept / PRODUCTS, recall);
        assertThat(recall).isGreaterThanOrEqualTo(MIN_RECALL);
    }

    private double recall(ProductFilter filter) {
        long found = 0;
        long start = System.nanoTime();
        long searchNanos = 0;
        for (float[] query : queries) {
            long t = System.nanoTime();
            List<SearchHit> hits = store.search(query, K, filter);
            searchNanos += System.nanoTime() - t;
            Set<String> exact = new HashSet<>(
                    VectorStoreContract.exactRanking(catalogue, query, filter).subList(0, K));
            found +=
                    hits.stream().filter(hit -> exact.contains(hit.productId())).count();
        }
        System.out.printf(
                "  %d searches: %.2f ms each (test total %d ms)%n",
                QUERIES, searchNanos / 1e6 / QUERIES, (System.nanoTime() - start) / 1_000_000);
        return (double) found / ((long) QUERIES * K);
    }

    private static float[] gaussian(Random random) {
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }
}
