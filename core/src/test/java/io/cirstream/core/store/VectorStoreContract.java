package io.cirstream.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.testkit.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} adapter must show. An adapter's test extends this class and says how to
 * open its store on a fresh backing location; {@link #restart} re-opens it on the same location.
 */
public abstract class VectorStoreContract {

    protected static final String V1 = "enc-v1";
    protected static final String V2 = "enc-v2";
    protected static final int DIM = 4;

    protected VectorStore store;

    /** Opens the adapter on this test's backing location (the same one on every call within a test). */
    protected abstract VectorStore openStore();

    /** Closes {@code current} and opens the store again on the same backing location. */
    protected VectorStore restart(VectorStore current) {
        current.close();
        return openStore();
    }

    @BeforeEach
    void openAndActivate() {
        store = openStore();
        store.createCollection(V1, DIM);
        store.switchTo(V1);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void upsertedProductsAreCountedReturnedAndFound() {
        int applied = store.upsert(List.of(
                product("a", 1, 0, 0, 0).build(),
                product("b", 0, 1, 0, 0).build(),
                product("c", 0, 0, 1, 0).build()));

        assertThat(applied).isEqualTo(3);
        assertThat(store.count()).isEqualTo(3);
        assertThat(store.getFeatures(List.of("b", "missing"))).containsOnlyKeys("b");
        assertThat(store.getFeatures(List.of("b")).get("b")).containsExactly(0, 1, 0, 0);
        List<SearchHit> hits = store.search(new float[] {0, 0.9f, 0.1f, 0}, 2, ProductFilter.none());
        assertThat(hits).extracting(SearchHit::productId).containsExactly("b", "c");
    }

    @Test
    void rawFeaturesComeBackUnnormalisedWhileSearchScoresByCosine() {
        store.upsert(List.of(
                product("a", 3, 4, 0, 0).build(), product("b", 0, 0, 10, 0).build()));

        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(3, 4, 0, 0);
        List<SearchHit> hits = store.search(new float[] {60, 80, 0, 0}, 2, ProductFilter.none());
        assertThat(hits.get(0).productId()).isEqualTo("a");
        assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-5f));
        assertThat(hits.get(1).score()).isCloseTo(0f, within(1e-5f));
        List<SearchHit> opposite = store.search(new float[] {-3, -4, 0, 0}, 1, ProductFilter.none());
        assertThat(opposite.get(0).score()).isLessThan(0.01f);
    }

    @Test
    void anUpdateReplacesFeatureAndScalars() {
        store.upsert(
                List.of(product("a", 1, 0, 0, 0).category("shoes").at(100, 1).build()));
        int applied = store.upsert(
                List.of(product("a", 0, 2, 0, 0).category("bags").at(200, 2).build()));

        assertThat(applied).isEqualTo(1);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(0, 2, 0, 0);
        assertThat(search(ProductFilter.none().withCategories(Set.of("shoes")))).isEmpty();
        assertThat(search(ProductFilter.none().withCategories(Set.of("bags")))).containsExactly("a");
    }

    @Test
    void anUpsertOlderThanWhatIsHeldIsIgnored() {
        store.upsert(List.of(product("a", 1, 0, 0, 0).at(200, 5).build()));

        assertThat(store.upsert(List.of(product("a", 0, 1, 0, 0).at(100, 9).build())))
                .isZero();
        assertThat(store.upsert(List.of(product("a", 0, 1, 0, 0).at(200, 4).build())))
                .isZero();
        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(1, 0, 0, 0);
        assertThat(store.upsert(List.of(product("a", 0, 1, 0, 0).at(200, 6).build())))
                .isEqualTo(1);
        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(0, 1, 0, 0);
    }

    @Test
    void replayingTheSameEventsLeavesTheStoreIdentical() {
        List<StoredProduct> batch = List.of(
                product("a", 1, 0, 0, 0).build(), product("b", 0, 1, 0, 0).build());
        store.upsert(batch);
        store.upsert(batch);

        assertThat(store.count()).isEqualTo(2);
        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(1, 0, 0, 0);
    }

    @Test
    void withinABatchTheNewestWriteForAnIdWins() {
        int applied = store.upsert(List.of(
                product("a", 0, 0, 1, 0).at(300, 3).build(),
                product("a", 1, 0, 0, 0).at(100, 1).build(),
                product("a", 0, 1, 0, 0).at(200, 2).build()));

        assertThat(applied).isEqualTo(1);
        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(0, 0, 1, 0);
    }

    @Test
    void aDeleteRemovesTheProduct() {
        store.upsert(List.of(
                product("a", 1, 0, 0, 0).at(100, 1).build(),
                product("b", 0, 1, 0, 0).build()));

        int removed = store.delete(List.of(ProductDeletion.of("a", 200, 2), ProductDeletion.of("never-seen", 200, 3)));

        assertThat(removed).isEqualTo(1);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.getFeatures(List.of("a"))).isEmpty();
        assertThat(search(ProductFilter.none())).containsExactly("b");
    }

    @Test
    void aDeleteOlderThanTheHeldUpsertIsIgnored() {
        store.upsert(List.of(product("a", 1, 0, 0, 0).at(200, 2).build()));

        assertThat(store.delete(List.of(ProductDeletion.of("a", 100, 1)))).isZero();
        assertThat(store.delete(List.of(ProductDeletion.of("a", 200, 1)))).isZero();
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.getFeatures(List.of("a"))).containsKey("a");
    }

    @Test
    void anUpsertOlderThanAnAppliedDeleteCannotBringTheProductBack() {
        store.upsert(List.of(product("a", 1, 0, 0, 0).at(100, 1).build()));
        store.delete(List.of(ProductDeletion.of("a", 300, 3)));

        assertThat(store.upsert(List.of(product("a", 1, 0, 0, 0).at(200, 2).build())))
                .isZero();
        assertThat(store.count()).isZero();
        assertThat(store.upsert(List.of(product("a", 0, 1, 0, 0).at(400, 4).build())))
                .isEqualTo(1);
        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(0, 1, 0, 0);
    }

    @Test
    void aDeleteForAnUnknownIdStillFencesOffOlderUpserts() {
        store.delete(List.of(ProductDeletion.of("late", 500, 1)));

        assertThat(store.upsert(List.of(product("late", 1, 0, 0, 0).at(400, 9).build())))
                .isZero();
        assertThat(store.count()).isZero();
    }

    @Test
    void theHeldProductComesBackExactlyAsWrittenWithItsScalarsHashAndVersion() {
        StoredProduct written = product("a", 3, -4, 0.5f, 0)
                .category("bags")
                .price(12_345)
                .inStock(false)
                .attributes(Map.of("colour", "red", "a:b", "x\"y: 1", "7", "", "size", "3:4"))
                .imageSha256("ab".repeat(32))
                .at(777, 42)
                .build();
        store.upsert(List.of(written, product("b", 0, 1, 0, 0).build()));

        Map<String, StoredProduct> held = store.getProducts(V1, List.of("a", "missing"));

        assertThat(held).containsOnlyKeys("a");
        assertThat(held.get("a")).isEqualTo(written);
        assertThat(held.get("a").feature()).containsExactly(3, -4, 0.5f, 0);
        assertThat(held.get("a").attributes()).isEqualTo(written.attributes());
    }

    @Test
    void heldProductsAreReadFromTheNamedCollectionAndLeaveOutDeletedOnes() {
        store.createCollection(V2, 3);
        store.upsert(List.of(
                product("a", 1, 0, 0, 0).at(100, 1).build(),
                product("b", 0, 1, 0, 0).at(100, 2).build(),
                product("a", 0, 0, 7).encoder(V2).at(100, 1).build()));
        store.delete(List.of(ProductDeletion.of("b", 200, 3)));

        assertThat(store.getProducts(V1, List.of("a", "b"))).containsOnlyKeys("a");
        assertThat(store.getProducts(V1, List.of("a")).get("a").feature()).containsExactly(1, 0, 0, 0);
        assertThat(store.getProducts(V2, List.of("a")).get("a").feature()).containsExactly(0, 0, 7);
        assertThat(store.getProducts(V2, List.of("a")).get("a").encoderVersion())
                .isEqualTo(V2);
        assertThat(store.getProducts(V1, List.of())).isEmpty();
        assertThatThrownBy(() -> store.getProducts("nope", List.of("a")))
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void eachFilterKindAndTheirCombinationMatchTheReferenceSemantics() {
        List<StoredProduct> catalogue = randomCatalogue(120, new Random(7));
        store.upsert(catalogue);
        List<ProductFilter> filters = List.of(
                ProductFilter.none().withCategories(Set.of("shoes", "bags")),
                ProductFilter.none().withPriceRange(1_000, 3_000),
                ProductFilter.none().withPriceRange(java.util.OptionalLong.of(2_500), java.util.OptionalLong.empty()),
                ProductFilter.none().withInStock(true),
                ProductFilter.none().withInStock(false),
                ProductFilter.none().withAttribute("colour", "red"),
                ProductFilter.none()
                        .withCategories(Set.of("shoes", "hats"))
                        .withPriceRange(500, 4_000)
                        .withInStock(true)
                        .withAttribute("colour", "blue"));
        float[] query = {0.3f, -0.2f, 0.9f, 0.1f};
        for (ProductFilter filter : filters) {
            List<String> expected = exactRanking(catalogue, query, filter);
            assertThat(store.search(query, 120, filter))
                    .as("filter %s", filter)
                    .extracting(SearchHit::productId)
                    .containsExactlyElementsOf(expected);
            assertThat(expected).as("filter %s keeps something", filter).isNotEmpty();
        }
    }

    @Test
    void priceBoundsAreInclusive() {
        store.upsert(List.of(
                product("low", 1, 0, 0, 0).price(999).build(),
                product("min", 1, 0, 0, 0).price(1_000).build(),
                product("max", 1, 0, 0, 0).price(2_000).build(),
                product("high", 1, 0, 0, 0).price(2_001).build()));

        assertThat(search(ProductFilter.none().withPriceRange(1_000, 2_000))).containsExactlyInAnyOrder("min", "max");
    }

    @Test
    void hostileFilterValuesMatchOnlyThemselves() {
        String hostile = "x\" or 1==1 or colour in [\"";
        store.upsert(List.of(
                product("plain", 1, 0, 0, 0).attributes(Map.of("colour", "red")).build(),
                product("odd", 1, 0, 0, 0)
                        .attributes(Map.of("colour", hostile))
                        .category(hostile)
                        .build()));

        assertThat(search(ProductFilter.none().withAttribute("colour", hostile)))
                .containsExactly("odd");
        assertThat(search(ProductFilter.none().withCategories(Set.of(hostile)))).containsExactly("odd");
        assertThat(search(ProductFilter.none().withAttribute("colour", "' or '1'='1")))
                .isEmpty();
    }

    @Test
    void aFeatureOfTheWrongDimensionIsRefusedNamingBothDimensions() {
        assertThatThrownBy(() -> store.upsert(List.of(product("a", 1, 0, 0).build())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("3")
                .hasMessageContaining(Integer.toString(DIM));
        assertThatThrownBy(() -> store.search(new float[] {1, 0, 0, 0, 0}, 1, ProductFilter.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("5")
                .hasMessageContaining(Integer.toString(DIM));
        assertThat(store.count()).isZero();
    }

    @Test
    void kOutOfRangeAndZeroQueriesAreRefused() {
        float[] query = {1, 0, 0, 0};
        assertThatThrownBy(() -> store.search(query, 0, ProductFilter.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("k must be");
        assertThatThrownBy(() -> store.search(query, VectorStore.MAX_K + 1, ProductFilter.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Integer.toString(VectorStore.MAX_K + 1));
        assertThatThrownBy(() -> store.search(new float[DIM], 1, ProductFilter.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("zero");
    }

    @Test
    void writesToAnEncoderVersionWithoutACollectionAreRefused() {
        assertThatThrownBy(() -> store.upsert(
                        List.of(product("a", 1, 0, 0, 0).encoder("nope").build())))
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> store.switchTo("nope")).isInstanceOf(VectorStoreException.class);
        assertThatThrownBy(() -> store.createCollection(V1, DIM + 1)).isInstanceOf(VectorStoreException.class);
    }

    @Test
    void everythingSurvivesARestart() {
        store.upsert(List.of(
                product("a", 3, 4, 0, 0).at(100, 1).build(),
                product("b", 0, 1, 0, 0).build()));
        store.delete(List.of(ProductDeletion.of("b", 5_000, 5)));

        store = restart(store);

        assertThat(store.activeCollection()).contains(V1);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(3, 4, 0, 0);
        assertThat(store.getProducts(V1, List.of("a", "b")))
                .containsOnlyKeys("a")
                .containsValue(product("a", 3, 4, 0, 0).at(100, 1).build());
        assertThat(store.upsert(List.of(product("a", 1, 0, 0, 0).at(50, 1).build())))
                .isZero();
        assertThat(store.upsert(List.of(product("b", 1, 0, 0, 0).at(4_000, 1).build())))
                .isZero();
        assertThat(search(ProductFilter.none())).containsExactly("a");
    }

    @Test
    void aNewCollectionInheritsTheActiveOnesTombstonesSoALateOldUpsertStaysOut() {
        store.upsert(List.of(
                product("gone", 1, 0, 0, 0).at(100, 1).build(),
                product("kept", 0, 1, 0, 0).at(100, 2).build()));
        store.delete(List.of(ProductDeletion.of("gone", 200, 3)));

        store.createCollection(V2, 3);

        // the delete event is long compacted away; a replayed or late upsert older than it reaches the new collection
        assertThat(store.upsert(
                        List.of(product("gone", 0, 0, 1).encoder(V2).at(150, 1).build())))
                .isZero();
        assertThat(store.upsert(
                        List.of(product("kept", 0, 1, 0).encoder(V2).at(100, 2).build())))
                .isEqualTo(1);
        assertThat(store.getProducts(V2, List.of("gone", "kept"))).containsOnlyKeys("kept");
        // an upsert newer than the deletion (the product is back in the catalogue) is applied
        assertThat(store.upsert(
                        List.of(product("gone", 1, 0, 0).encoder(V2).at(300, 4).build())))
                .isEqualTo(1);
        store.switchTo(V2);
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void aNewEncoderVersionIsFilledAsideAndSwitchedToAtomically() {
        store.upsert(List.of(product("a", 1, 0, 0, 0).build()));
        store.createCollection(V2, 3);
        store.upsert(List.of(
                product("a", 0, 1, 0).encoder(V2).build(),
                product("b", 1, 0, 0).encoder(V2).build()));

        assertThat(store.activeCollection()).contains(V1);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.count(V2)).isEqualTo(2);
        assertThat(store.collections()).containsExactly(V1, V2);

        store.switchTo(V2);

        assertThat(store.activeCollection()).contains(V2);
        assertThat(store.count()).isEqualTo(2);
        assertThat(store.search(new float[] {1, 0, 0}, 1, ProductFilter.none())
                        .get(0)
                        .productId())
                .isEqualTo("b");
        store = restart(store);
        assertThat(store.activeCollection()).contains(V2);
        assertThat(store.getFeatures(List.of("a")).get("a")).containsExactly(0, 1, 0);
    }

    @Test
    void eachCollectionIsReadAndSearchedByNameAcrossTheSwitchAndAnOldOneIsDroppedAfter() {
        store.upsert(List.of(
                product("a", 1, 0, 0, 0).build(), product("b", 0, 1, 0, 0).build()));
        store.createCollection(V2, 3);
        store.upsert(List.of(
                product("a", 0, 0, 1).encoder(V2).build(),
                product("b", 1, 0, 0).encoder(V2).build()));

        // before the switch, by name: each collection answers with its own features
        assertThat(store.getFeatures(V2, List.of("a", "missing")).get("a")).containsExactly(0, 0, 1);
        assertThat(store.getFeatures(V1, List.of("a")).get("a")).containsExactly(1, 0, 0, 0);
        assertThat(store.search(V2, new float[] {1, 0, 0}, 1, ProductFilter.none()))
                .extracting(SearchHit::productId)
                .containsExactly("b");
        assertThat(store.search(V1, new float[] {1, 0, 0, 0}, 1, ProductFilter.none()))
                .extracting(SearchHit::productId)
                .containsExactly("a");

        store.switchTo(V2);

        // the old collection is still read by name (a query composed with its encoders just before the switch)
        assertThat(store.search(V1, new float[] {0, 1, 0, 0}, 1, ProductFilter.none()))
                .extracting(SearchHit::productId)
                .containsExactly("b");
        assertThatThrownBy(() -> store.dropCollection(V2))
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("active");
        store.dropCollection(V1);
        store.dropCollection(V1);
        assertThat(store.collections()).containsExactly(V2);
        assertThatThrownBy(() -> store.getFeatures(V1, List.of("a"))).isInstanceOf(VectorStoreException.class);
        assertThatThrownBy(() -> store.search(V1, new float[] {1, 0, 0, 0}, 1, ProductFilter.none()))
                .isInstanceOf(VectorStoreException.class);
        store = restart(store);
        assertThat(store.collections()).containsExactly(V2);
        assertThat(store.getFeatures(V2, List.of("b")).get("b")).containsExactly(1, 0, 0);
    }

    @Test
    void deletesReachEveryCollection() {
        store.createCollection(V2, DIM);
        store.upsert(List.of(
                product("a", 1, 0, 0, 0).build(),
                product("a", 1, 0, 0, 0).encoder(V2).build()));

        store.delete(List.of(ProductDeletion.of("a", 9_000, 1)));

        assertThat(store.count(V1)).isZero();
        assertThat(store.count(V2)).isZero();
    }

    @Test
    void concurrentWritersAndReadersSeeAConsistentStore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int i = 0; i < 25; i++) {
                        store.upsert(List.of(product("t" + thread + "-" + i, randomVector(random))
                                .build()));
                        assertThat(store.search(randomVector(random), 5, ProductFilter.none()))
                                .isNotEmpty();
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.count()).isEqualTo(100);
    }

    /** The ids passing {@code filter}, best cosine first. */
    public static List<String> exactRanking(List<StoredProduct> catalogue, float[] query, ProductFilter filter) {
        record Scored(String id, double cosine) {}
        return catalogue.stream()
                .filter(filter::test)
                .map(p -> new Scored(p.productId(), cosine(p.feature(), query)))
                .sorted(Comparator.comparingDouble(Scored::cosine).reversed())
                .map(Scored::id)
                .toList();
    }

    public static double cosine(float[] a, float[] b) {
        return Vectors.cosine(a, b);
    }

    private List<String> search(ProductFilter filter) {
        return store.search(new float[] {1, 0.1f, 0.1f, 0.1f}, 50, filter).stream()
                .map(SearchHit::productId)
                .toList();
    }

    private static float[] randomVector(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static List<StoredProduct> randomCatalogue(int size, Random random) {
        List<String> categories = List.of("shoes", "bags", "hats", "coats");
        List<String> colours = List.of("red", "blue", "green");
        List<StoredProduct> catalogue = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            catalogue.add(product("p" + i, randomVector(random))
                    .category(categories.get(random.nextInt(categories.size())))
                    .price(random.nextInt(5_000))
                    .inStock(random.nextBoolean())
                    .attributes(Map.of("colour", colours.get(random.nextInt(colours.size()))))
                    .build());
        }
        return catalogue;
    }

    @Test
    void aScanHandsOutEveryLiveProductOnceWithItsRawFeatureInBoundedBatches() {
        List<StoredProduct> products = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            products.add(product("p" + i, i + 1, 2 * i, 0, -i).at(100, i).build());
        }
        store.upsert(products);
        store.delete(List.of(ProductDeletion.of("p3", 200, 1), ProductDeletion.of("p7", 200, 2)));
        store.createCollection(V2, DIM);
        store.upsert(List.of(product("other", 1, 1, 1, 1).encoder(V2).build()));

        List<Map<String, float[]>> batches = new ArrayList<>();
        store.scanFeatures(4, batches::add);

        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 4));
        Map<String, float[]> all = new java.util.HashMap<>();
        batches.forEach(batch -> batch.forEach((id, feature) ->
                assertThat(all.put(id, feature)).as("%s handed out twice", id).isNull()));
        assertThat(all).hasSize(23).doesNotContainKeys("p3", "p7", "other");
        assertThat(all.get("p5")).containsExactly(6, 10, 0, -5);
    }

    @Test
    void aScanOfAnEmptyCollectionHandsOutNothingAndABadBatchSizeIsRefused() {
        List<Map<String, float[]>> batches = new ArrayList<>();
        store.scanFeatures(10, batches::add);
        assertThat(batches).isEmpty();
        assertThatThrownBy(() -> store.scanFeatures(0, batches::add))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> store.scanFeatures(VectorStore.MAX_SCAN_BATCH + 1, batches::add))
                .isInstanceOf(InvalidInputException.class);
    }

    protected static ProductBuilder product(String id, float... feature) {
        return new ProductBuilder(id, feature);
    }
}
