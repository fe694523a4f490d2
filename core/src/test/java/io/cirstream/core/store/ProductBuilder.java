package io.cirstream.core.store;

import java.util.Map;

/** Test products with sensible defaults, in encoder version {@link VectorStoreContract#V1}. */
public final class ProductBuilder {
    private final String id;
    private final float[] feature;
    private String category = "shoes";
    private long price = 1_000;
    private boolean inStock = true;
    private Map<String, String> attributes = Map.of();
    private String encoder = VectorStoreContract.V1;
    private long eventTime = 1_000;
    private long offset = 0;
    private String imageSha256 = "0".repeat(64);

    ProductBuilder(String id, float[] feature) {
        this.id = id;
        this.feature = feature;
    }

    public ProductBuilder category(String value) {
        category = value;
        return this;
    }

    public ProductBuilder price(long value) {
        price = value;
        return this;
    }

    public ProductBuilder inStock(boolean value) {
        inStock = value;
        return this;
    }

    public ProductBuilder attributes(Map<String, String> value) {
        attributes = value;
        return this;
    }

    public ProductBuilder encoder(String value) {
        encoder = value;
        return this;
    }

    public ProductBuilder at(long eventTimeMillis, long sourceOffset) {
        eventTime = eventTimeMillis;
        offset = sourceOffset;
        return this;
    }

    public ProductBuilder imageSha256(String value) {
        imageSha256 = value;
        return this;
    }

    public StoredProduct build() {
        return new StoredProduct(
                id, feature, category, price, "EUR", inStock, attributes, imageSha256, encoder, eventTime, offset);
    }
}
