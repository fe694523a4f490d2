package io.cirstream.core.store;

import java.util.Objects;

/**
 * A request to remove one product, with the version of the delete event.
 *
 * <p>The rule: a deletion applies unless the store holds a strictly newer version for that product, so a delete
 * replayed after a newer upsert leaves the product in place. An applied deletion leaves a tombstone carrying its
 * version, so an upsert older than the delete, arriving late, cannot bring the product back.
 *
 * @param productId the product to remove
 * @param version the source event time and offset of the delete event
 */
public record ProductDeletion(String productId, SourceVersion version) {

    public ProductDeletion {
        StoredProduct.requireId(productId);
        Objects.requireNonNull(version, "version");
    }

    /** A deletion from the delete event at this event time and offset. */
    public static ProductDeletion of(String productId, long eventTimeMillis, long offset) {
        return new ProductDeletion(productId, new SourceVersion(eventTimeMillis, offset));
    }
}
