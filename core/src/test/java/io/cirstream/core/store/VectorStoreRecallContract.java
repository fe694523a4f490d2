package io.cirstream.core.store;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * An adapter's approximate search against exact (brute-force) cosine ranking on 20,000 random vectors: recall@50 must
 * reach 0.99, with and without a filter that keeps about 30 % of the products. Each adapter's test extends this and
 * opens its store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VectorStoreRecallContract {

    protected static final int PRODUCTS = 20_000;
    /** 64 keeps the test fast; {@code -Dcirstream.recall.dimension=640} runs it at the RN50x4 feature size. */
    protected static final int DIMENSION = Integer.getInteger("cirstream.recall.dimension", 64);

    private static final int QUERIES = 100;
    private static final int K = 50;
    private static final int CATEGORIES = 10;
    private static final double MIN_RECALL = 0.99;
    private static final String ENCODER = "recall";

    private VectorStore store;
    private final List<StoredProduct> catalogue = new ArrayList<>();
    private final List<float[]> queries = new ArrayList<>();

    /** The store under test, empty. */
    protected abstract VectorStore openStore();

    /** Products per upsert call. */
    protected abstract int batchSize();

    /** What to call the store in the printed figures. */
    protected abstract String label();

    /** Releases what {@link #openStore()} started besides the store (a server, say). */
    protected void closeResources() {}

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
        store = openStore();
        store.createCollection(ENCODER, DIMENSION);
        store.switchTo(ENCODER);
        long start = System.nanoTime();
        for (int from = 0; from < PRODUCTS; from += batchSize()) {
            store.upsert(catalogue.subList(from, Math.min(PRODUCTS, from + batchSize())));
        }
        System.out.printf(
                "%s: indexed %d x %d-d in %d ms%n",
                label(), PRODUCTS, DIMENSION, (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
        closeResources();
    }

    @Test
    void unfilteredRecallAt50IsAtLeast099() {
        double recall = recall(ProductFilter.none());
        System.out.printf("%s recall@%d unfiltered: %.4f%n", label(), K, recall);
        assertThat(recall).isGreaterThanOrEqualTo(MIN_RECALL);
    }

    @Test
    void filteredRecallAt50IsAtLeast099() {
        ProductFilter filter = ProductFilter.none().withCategories(Set.of("c0", "c1", "c2"));
        long kept = catalogue.stream().filter(filter::test).count();
        double recall = recall(filter);
        System.out.printf(
                "%s recall@%d with a filter keeping %.1f%%: %.4f%n", label(), K, 100.0 * kept / PRODUCTS, recall);
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
