package io.cirstream.query.testkit;

import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductUpserted;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small catalogue for tests: {@code p0..p(n-1)} in three categories, prices {@code 100 * i} minor units (every
 * fifth product in USD, the rest in EUR), every other one in stock, a colour attribute, and a raw image feature drawn
 * from a seeded Gaussian (the store keeps whatever features ingest wrote; these are features of dimension D).
 */
public final class TestCatalogue {

    public static final List<String> CATEGORIES = List.of("dress", "shirt", "toptee");
    public static final List<String> COLOURS = List.of("red", "blue", "green", "black");

    private TestCatalogue() {}

    public static String id(int i) {
        return "p" + i;
    }

    public static String category(int i) {
        return CATEGORIES.get(i % CATEGORIES.size());
    }

    public static String currency(int i) {
        return i % 5 == 4 ? "USD" : "EUR";
    }

    public static boolean inStock(int i) {
        return i % 2 == 0;
    }

    public static String colour(int i) {
        return COLOURS.get(i % COLOURS.size());
    }

    /** The products, with features of dimension {@code dim} from {@code seed}. */
    public static List<StoredProduct> products(int n, int dim, String encoderVersion, long seed) {
        Random random = new Random(seed);
        List<StoredProduct> products = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] feature = new float[dim];
            for (int j = 0; j < dim; j++) {
                feature[j] = (float) random.nextGaussian();
            }
            products.add(new StoredProduct(
                    id(i),
                    feature,
                    category(i),
                    100L * i,
                    currency(i),
                    inStock(i),
                    Map.of("colour", colour(i)),
                    "0".repeat(64),
                    encoderVersion,
                    1_000,
                    i));
        }
        return products;
    }

    /** Writes the products into a fresh collection of their encoder version and makes it the active one. */
    public static void fill(VectorStore store, int n, int dim, String encoderVersion) {
        store.createCollection(encoderVersion, dim);
        store.upsert(products(n, dim, encoderVersion, 42));
        store.switchTo(encoderVersion);
    }

    /** The catalogue event of product i, with an inline image of these bytes. */
    public static CatalogEvent event(int i, byte[] image) {
        return new CatalogEvent(ProductUpserted.newBuilder()
                .setProductId(id(i))
                .setImage(ByteBuffer.wrap(image))
                .setTitle(colour(i) + " " + category(i) + " number " + i)
                .setCategory(category(i))
                .setPriceMinorUnits(100L * i)
                .setCurrency(currency(i))
                .setInStock(inStock(i))
                .setAttributes(Map.of("colour", colour(i)))
                .setEventTime(Instant.ofEpochMilli(1_000))
                .setImageSha256(null)
                .build());
    }
}
