package io.cirstream.query.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.schemas.avro.AttributeEquals;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.PriceRange;
import io.cirstream.schemas.avro.ProductReference;
import io.cirstream.schemas.avro.QueryFilters;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a search request (JSON with a product id, or a multipart form with an image) into a {@link ComposedQuery}
 * with a fresh query id. Only the shape is checked here (types, required fields, the body size); the content (caption
 * length, k, filters, the image itself) is the topology's to judge, so the HTTP API and the stream answer alike.
 */
final class SearchRequests {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final long maxImageBytes;

    SearchRequests(long maxImageBytes) {
        this.maxImageBytes = maxImageBytes;
    }

    ComposedQuery read(Context ctx, Instant now) {
        if (ctx.isMultipartFormData()) {
            return multipart(ctx, now);
        }
        SearchRequest request = parse(ctx.body(), SearchRequest.class, "the search request");
        if (request.productId() == null) {
            throw ApiException.badRequest(
                    "productId is required in a JSON search (or send a multipart form with an" + " 'image' file)");
        }
        return query(request, new ProductReference(request.productId()), now);
    }

    private ComposedQuery multipart(Context ctx, Instant now) {
        UploadedFile image = ctx.uploadedFile("image");
        if (image == null) {
            throw ApiException.badRequest("a multipart search needs an 'image' file part");
        }
        if (image.size() > maxImageBytes) {
            throw new ApiException(
                    413,
                    "PAYLOAD_TOO_LARGE",
                    "the image has " + image.size() + " bytes; at most " + maxImageBytes + " are accepted");
        }
        byte[] bytes;
        try (InputStream in = image.content()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw ApiException.badRequest("the image part cannot be read: " + e.getMessage());
        }
        String filters = ctx.formParam("filters");
        SearchRequest request = new SearchRequest(
                null,
                ctx.formParam("caption"),
                ctx.formParam("negativeCaption"),
                integer(ctx.formParam("k")),
                Optional.ofNullable(ctx.formParam("includeReference"))
                        .map(Boolean::parseBoolean)
                        .orElse(null),
                ctx.formParam("modelVersion"),
                filters == null ? null : parse(filters, SearchRequest.Filters.class, "the filters field"));
        return query(request, ByteBuffer.wrap(bytes), now);
    }

    private static ComposedQuery query(SearchRequest request, Object reference, Instant now) {
        if (request.caption() == null) {
            throw ApiException.badRequest("caption is required");
        }
        return ComposedQuery.newBuilder()
                .setQueryId(UUID.randomUUID().toString())
                .setReference(reference)
                .setCaption(request.caption())
                .setNegativeCaption(request.negativeCaption())
                .setK(request.k() == null ? SearchRequest.DEFAULT_K : request.k())
                .setIncludeReference(Boolean.TRUE.equals(request.includeReference()))
                .setModelVersion(request.modelVersion())
                .setFilters(filters(request.filters()))
                .setSubmittedAt(now)
                .build();
    }

    private static QueryFilters filters(SearchRequest.Filters filters) {
        QueryFilters.Builder built = QueryFilters.newBuilder();
        if (filters == null) {
            return built.build();
        }
        built.setCategories(filters.categories() == null ? List.of() : filters.categories());
        if (filters.price() != null) {
            if (filters.price().currency() == null) {
                throw ApiException.badRequest("filters.price.currency is required with a price range");
            }
            built.setPrice(new PriceRange(
                    filters.price().currency(),
                    filters.price().min(),
                    filters.price().max()));
        }
        built.setInStock(filters.inStock());
        Map<String, String> attributes = filters.attributes() == null ? Map.of() : filters.attributes();
        built.setAttributes(attributes.entrySet().stream()
                .map(entry -> new AttributeEquals(entry.getKey(), entry.getValue()))
                .toList());
        return built.build();
    }

    private static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("k must be an integer, got '" + value + "'");
        }
    }

    static <T> T parse(String json, Class<T> type, String what) {
        if (json == null || json.isBlank()) {
            throw ApiException.badRequest(what + " is empty; send a JSON object");
        }
        try {
            T value = JSON.readValue(json, type);
            if (value == null) {
                throw ApiException.badRequest(what + " must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(what + " is not valid: " + e.getOriginalMessage());
        }
    }
}
