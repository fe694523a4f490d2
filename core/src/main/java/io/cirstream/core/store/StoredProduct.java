package io.cirstream.core.store;

import io.cirstream.core.InvalidInputException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A product as the vector store keeps it: its raw image feature (exactly as the encoder produced it, not normalised),
 * the scalar fields that filters act on, and where the write came from.
 *
 * @param productId the catalogue id; the store keeps at most one product per id and collection
 * @param feature the raw image feature; copied on the way in and out
 * @param category the product category (a filter field)
 * @param priceMinorUnits the price in minor units of {@code currency} (cents for EUR), not negative
 * @param currency the ISO 4217 currency code
 * @param inStock whether the product can be bought now
 * @param attributes free attributes (colour, size, ...), matched by exact equality in filters
 * @param imageSha256 the hex SHA-256 of the image bytes the feature was computed from
 * @param encoderVersion the image-encoder version that produced the feature; names the collection it goes to
 * @param sourceEventTimeMillis the catalogue event time, first part of the write's version
 * @param sourceOffset the catalogue offset, second part of the write's version
 */
public record StoredProduct(
        String productId,
        float[] feature,
        String category,
        long priceMinorUnits,
        String currency,
        boolean inStock,
        Map<String, String> attributes,
        String imageSha256,
        String encoderVersion,
        long sourceEventTimeMillis,
        long sourceOffset) {

    /** The longest product id accepted. */
    public static final int MAX_ID_LENGTH = 512;

    public StoredProduct {
        requireId(productId);
        Objects.requireNonNull(feature, "feature");
        if (feature.length == 0) {
            throw new InvalidInputException("feature of product " + productId + " is empty");
        }
        for (int i = 0; i < feature.length; i++) {
            if (!Float.isFinite(feature[i])) {
                throw new InvalidInputException(
                        "feature of product " + productId + " has a non-finite value at index " + i);
            }
        }
        feature = feature.clone();
        Objects.requireNonNull(category, "category");
        if (priceMinorUnits < 0) {
            throw new InvalidInputException(
                    "priceMinorUnits of product " + productId + " must be >= 0, got " + priceMinorUnits);
        }
        Objects.requireNonNull(currency, "currency");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        Objects.requireNonNull(imageSha256, "imageSha256");
        Objects.requireNonNull(encoderVersion, "encoderVersion");
    }

    /** The raw feature (a copy). */
    @Override
    public float[] feature() {
        return feature.clone();
    }

    /** The feature's dimension. */
    public int dimension() {
        return feature.length;
    }

    /** The version of this write: source event time, then source offset. */
    public SourceVersion version() {
        return new SourceVersion(sourceEventTimeMillis, sourceOffset);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredProduct that
                && productId.equals(that.productId)
                && Arrays.equals(feature, that.feature)
                && category.equals(that.category)
                && priceMinorUnits == that.priceMinorUnits
                && currency.equals(that.currency)
                && inStock == that.inStock
                && attributes.equals(that.attributes)
                && imageSha256.equals(that.imageSha256)
                && encoderVersion.equals(that.encoderVersion)
                && sourceEventTimeMillis == that.sourceEventTimeMillis
                && sourceOffset == that.sourceOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(productId, Arrays.hashCode(feature), encoderVersion, sourceEventTimeMillis, sourceOffset);
    }

    @Override
    public String toString() {
        return "StoredProduct[productId=" + productId + ", dimension=" + feature.length + ", category=" + category
                + ", priceMinorUnits=" + priceMinorUnits + ", currency=" + currency + ", inStock=" + inStock
                + ", attributes=" + attributes + ", encoderVersion=" + encoderVersion + ", version=" + version() + "]";
    }

    static String requireId(String productId) {
        Objects.requireNonNull(productId, "productId");
        if (productId.isEmpty() || productId.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException(
                    "productId must be 1.." + MAX_ID_LENGTH + " characters, got " + productId.length());
        }
        return productId;
    }
}
