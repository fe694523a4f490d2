package io.cirstream.ingest.consume;

import io.cirstream.core.store.SourceVersion;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One valid change to the catalogue, decoded from a record: a product's full new state, or its removal. */
public sealed interface CatalogChange {

    /** The product changed. */
    String productId();

    /** Where the change stands in the product's history: event time, then offset. */
    SourceVersion version();

    /**
     * A product's full new state.
     *
     * @param image the image, inline or by URI
     * @param declaredImageSha256 the producer's hash of the image bytes, if it sent one (lower-case hex)
     */
    record Upsert(
            String productId,
            SourceVersion version,
            ImageRef image,
            String category,
            long priceMinorUnits,
            String currency,
            boolean inStock,
            Map<String, String> attributes,
            Optional<String> declaredImageSha256)
            implements CatalogChange {

        public Upsert {
            Objects.requireNonNull(productId, "productId");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(image, "image");
            attributes = Map.copyOf(attributes);
            Objects.requireNonNull(declaredImageSha256, "declaredImageSha256");
        }
    }

    /** A product's removal: a delete event or a tombstone. */
    record Removal(String productId, SourceVersion version) implements CatalogChange {}

    /** Where a product image comes from. */
    sealed interface ImageRef {
        /** The encoded image, sent inline. */
        record Inline(byte[] bytes) implements ImageRef {}

        /** An image to fetch. */
        record ByUri(String uri) implements ImageRef {}
    }
}
