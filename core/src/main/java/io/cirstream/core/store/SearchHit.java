package io.cirstream.core.store;

import java.util.Objects;

/**
 * One search result.
 *
 * @param productId the product found
 * @param score the cosine similarity between the query and the product's feature, in [-1, 1]; higher is closer
 */
public record SearchHit(String productId, float score) {

    public SearchHit {
        Objects.requireNonNull(productId, "productId");
    }
}
