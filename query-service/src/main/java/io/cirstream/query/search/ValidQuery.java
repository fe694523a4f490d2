package io.cirstream.query.search;

import io.cirstream.core.store.ProductFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * A composed query that passed every check, in the engine's terms.
 *
 * @param queryId the client's id, the Kafka key of the query and of its result
 * @param reference the reference image
 * @param caption the modification text, not blank, within the configured length
 * @param negativeCaption the "less of" text, if any
 * @param k how many hits, 1 to the configured maximum
 * @param filter the typed conditions, passed to the store as values
 * @param currency the currency a price range is in, if the query has one (products in others are left out)
 * @param pinnedVersion the Combiner version to answer with, if the client chose one
 * @param includeReference whether the reference product may be among the hits
 * @param submittedAtMillis when the client submitted it
 */
public record ValidQuery(
        String queryId,
        QueryReference reference,
        String caption,
        Optional<String> negativeCaption,
        int k,
        ProductFilter filter,
        Optional<String> currency,
        Optional<String> pinnedVersion,
        boolean includeReference,
        long submittedAtMillis) {

    public ValidQuery {
        Objects.requireNonNull(queryId, "queryId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(negativeCaption, "negativeCaption");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(pinnedVersion, "pinnedVersion");
    }

    /** The reference's product id when the reference is a catalogue product and it must not be returned. */
    public Optional<String> excludedProduct() {
        return reference instanceof QueryReference.Product product && !includeReference
                ? Optional.of(product.productId())
                : Optional.empty();
    }
}
