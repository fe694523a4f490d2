package io.cirstream.query.search;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.store.ProductFilter;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.schemas.avro.AttributeEquals;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.PriceRange;
import io.cirstream.schemas.avro.ProductReference;
import io.cirstream.schemas.avro.QueryFilters;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link ComposedQuery} against the contract and the service's limits and turns it into a {@link
 * ValidQuery}; anything else is a {@link QueryFailure} naming the field, the value's problem and the bound.
 */
public final class QueryValidator {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final QueryLimits limits;

    public QueryValidator(QueryLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The checked query; {@code key} is the record's key, which must be the query id. */
    public ValidQuery validate(String key, ComposedQuery query) {
        String queryId = query.getQueryId();
        if (queryId == null || queryId.isBlank()) {
            throw QueryFailure.invalid("queryId must not be empty");
        }
        if (!queryId.equals(key)) {
            throw QueryFailure.invalid("queryId '" + queryId + "' is not the record key '" + key
                    + "': the key of a query is its id (results are keyed and correlated by it)");
        }
        QueryReference reference = reference(query.getReference());
        String caption = caption("caption", query.getCaption());
        Optional<String> negative = query.getNegativeCaption() == null
                ? Optional.empty()
                : Optional.of(caption("negativeCaption", query.getNegativeCaption()));
        int k = query.getK();
        if (k < 1 || k > limits.maxK()) {
            throw QueryFailure.invalid("k must be 1.." + limits.maxK() + ", got " + k);
        }
        QueryFilters filters = query.getFilters();
        Optional<String> pinned = Optional.ofNullable(query.getModelVersion());
        if (pinned.isPresent() && pinned.get().isBlank()) {
            throw QueryFailure.invalid("modelVersion must be null (the serving version) or a version name, not blank");
        }
        return new ValidQuery(
                queryId,
                reference,
                caption,
                negative,
                k,
                filter(filters),
                Optional.ofNullable(filters.getPrice()).map(PriceRange::getCurrency),
                pinned,
                query.getIncludeReference(),
                query.getSubmittedAt().toEpochMilli());
    }

    private QueryReference reference(Object reference) {
        return switch (reference) {
            case ProductReference product -> {
                String id = product.getProductId();
                if (id == null || id.isBlank() || id.length() > StoredProduct.MAX_ID_LENGTH) {
                    throw QueryFailure.invalid("reference productId must be 1.." + StoredProduct.MAX_ID_LENGTH
                            + " characters and not blank");
                }
                yield new QueryReference.Product(id);
            }
            case ByteBuffer buffer -> {
                if (!buffer.hasRemaining()) {
                    throw QueryFailure.invalid("the reference image is empty (0 bytes)");
                }
                if (buffer.remaining() > limits.maxImageBytes()) {
                    throw QueryFailure.invalid("the reference image has " + buffer.remaining() + " bytes; at most "
                            + limits.maxImageBytes() + " are accepted");
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                yield new QueryReference.UploadedImage(bytes);
            }
            default -> throw QueryFailure.invalid("reference must be a product or image bytes");
        };
    }

    private String caption(String field, String text) {
        if (text == null || text.isBlank()) {
            throw QueryFailure.invalid(field + " must not be empty");
        }
        if (text.length() > limits.maxCaptionChars()) {
            throw QueryFailure.invalid(field + " has " + text.length() + " characters; at most "
                    + limits.maxCaptionChars() + " are accepted");
        }
        return text;
    }

    private static ProductFilter filter(QueryFilters filters) {
        Set<String> categories = new HashSet<>();
        for (String category : filters.getCategories()) {
            if (category == null || category.isBlank()) {
                throw QueryFailure.invalid("filters.categories must not contain an empty category");
            }
            categories.add(category);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (AttributeEquals attribute : filters.getAttributes()) {
            if (attribute.getName().isEmpty()) {
                throw QueryFailure.invalid("filters.attributes: an attribute name must not be empty");
            }
            String earlier = attributes.put(attribute.getName(), attribute.getValue());
            if (earlier != null && !earlier.equals(attribute.getValue())) {
                throw QueryFailure.invalid("filters.attributes: '" + attribute.getName() + "' must equal both '"
                        + earlier + "' and '" + attribute.getValue() + "', which no product does");
            }
        }
        OptionalLong min = OptionalLong.empty();
        OptionalLong max = OptionalLong.empty();
        PriceRange price = filters.getPrice();
        if (price != null) {
            if (!CURRENCY.matcher(price.getCurrency()).matches()) {
                throw QueryFailure.invalid("filters.price.currency must be an ISO 4217 code (three upper-case letters),"
                        + " got '" + price.getCurrency() + "'");
            }
            min = bound("minMinorUnits", price.getMinMinorUnits());
            max = bound("maxMinorUnits", price.getMaxMinorUnits());
        }
        try {
            return new ProductFilter(categories, min, max, Optional.ofNullable(filters.getInStock()), attributes);
        } catch (InvalidInputException e) {
            throw QueryFailure.invalid("filters: " + e.getMessage());
        }
    }

    private static OptionalLong bound(String name, Long value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value < 0) {
            throw QueryFailure.invalid("filters.price." + name + " must not be negative, got " + value);
        }
        return OptionalLong.of(value);
    }
}
