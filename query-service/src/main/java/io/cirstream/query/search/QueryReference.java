package io.cirstream.query.search;

import java.util.Objects;

/** The reference image of a query: a catalogue product (its stored raw feature) or an uploaded image. */
public sealed interface QueryReference {

    /** A product of the catalogue, whose stored raw image feature is used as it is (no re-embedding). */
    record Product(String productId) implements QueryReference {
        public Product {
            Objects.requireNonNull(productId, "productId");
        }
    }

    /** An encoded image (JPEG, PNG, WebP...) sent with the query, embedded on the fly. */
    record UploadedImage(byte[] bytes) implements QueryReference {
        public UploadedImage {
            Objects.requireNonNull(bytes, "bytes");
        }
    }
}
