package io.cirstream.query.http;

import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code POST /api/v1/search} (and, field by field, its multipart form, where the image replaces
 * {@code productId} and {@code filters} is a JSON string).
 *
 * @param productId the reference product (JSON only)
 * @param caption what to change
 * @param negativeCaption "less of ...", optional
 * @param k how many hits (default 10)
 * @param includeReference whether the reference product may be a hit (default false)
 * @param modelVersion a Combiner version to pin, optional
 * @param filters typed conditions, optional
 */
record SearchRequest(
        String productId,
        String caption,
        String negativeCaption,
        Integer k,
        Boolean includeReference,
        String modelVersion,
        Filters filters) {

    /** Default number of hits. */
    static final int DEFAULT_K = 10;

    /** The filters: all must hold. */
    record Filters(List<String> categories, Price price, Boolean inStock, Map<String, String> attributes) {}

    /** An inclusive price range in minor units of one currency. */
    record Price(String currency, Long min, Long max) {}
}
