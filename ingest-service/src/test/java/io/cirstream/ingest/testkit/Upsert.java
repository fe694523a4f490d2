package io.cirstream.ingest.testkit;

import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ImageUri;
import io.cirstream.schemas.avro.ProductUpserted;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** A product-upserted event under construction, with sensible defaults. */
public final class Upsert {
    private final String productId;
    private Object image;
    private String category = "dress";
    private long price = 1_000;
    private String currency = "EUR";
    private boolean inStock = true;
    private Map<String, String> attributes = Map.of();
    private long eventTime = 1_000;
    private String declaredSha;

    private Upsert(String productId) {
        this.productId = productId;
    }

    public static Upsert of(String productId, byte[] image) {
        return new Upsert(productId).image(image);
    }

    public static Upsert byUri(String productId, String uri) {
        Upsert upsert = new Upsert(productId);
        upsert.image = new ImageUri(uri);
        return upsert;
    }

    public Upsert image(byte[] bytes) {
        image = ByteBuffer.wrap(bytes);
        return this;
    }

    public Upsert category(String value) {
        category = value;
        return this;
    }

    public Upsert price(long value) {
        price = value;
        return this;
    }

    public Upsert currency(String value) {
        currency = value;
        return this;
    }

    public Upsert inStock(boolean value) {
        inStock = value;
        return this;
    }

    public Upsert attributes(Map<String, String> value) {
        attributes = value;
        return this;
    }

    public Upsert at(long eventTimeMillis) {
        eventTime = eventTimeMillis;
        return this;
    }

    public Upsert declaredSha(String sha) {
        declaredSha = sha;
        return this;
    }

    public String productId() {
        return productId;
    }

    public long price() {
        return price;
    }

    public CatalogEvent event() {
        return new CatalogEvent(ProductUpserted.newBuilder()
                .setProductId(productId)
                .setImage(image)
                .setTitle("product " + productId)
                .setCategory(category)
                .setPriceMinorUnits(price)
                .setCurrency(currency)
                .setInStock(inStock)
                .setAttributes(Map.copyOf(attributes))
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setImageSha256(declaredSha)
                .build());
    }
}
