package io.cirstream.query.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.query.catalog.CatalogView;
import io.cirstream.query.model.ModelEvent;
import io.cirstream.schemas.avro.Hit;
import io.cirstream.schemas.avro.Lineage;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.avro.QueryError;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.QueryTimings;
import io.cirstream.schemas.avro.RankedHits;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JSON bodies the API answers with. */
final class ApiJson {
    static final String JSON_TYPE = "application/json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApiJson() {}

    /** Answers with this status and JSON body. */
    static void respond(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON_TYPE).result(body.toString());
    }

    /** Where a product's image is served. */
    static String imageUrl(String productId) {
        return QueryApi.PRODUCTS + "/"
                + URLEncoder.encode(productId, StandardCharsets.UTF_8).replace("+", "%20") + "/image";
    }

    static ObjectNode product(ProductUpserted product) {
        ObjectNode node = NODES.objectNode();
        node.put("productId", product.getProductId());
        node.put("title", product.getTitle());
        node.put("category", product.getCategory());
        node.put("priceMinorUnits", product.getPriceMinorUnits());
        node.put("currency", product.getCurrency());
        node.put("inStock", product.getInStock());
        ObjectNode attributes = node.putObject("attributes");
        product.getAttributes().forEach(attributes::put);
        node.put("imageUrl", imageUrl(product.getProductId()));
        return node;
    }

    static ObjectNode products(List<ProductUpserted> page, int offset) {
        ObjectNode node = NODES.objectNode();
        node.put("offset", offset);
        node.put("count", page.size());
        ArrayNode items = node.putArray("products");
        page.forEach(product -> items.add(product(product)));
        return node;
    }

    /** The hits of a result, each with its lineage and, when the catalogue view has it, the product's details. */
    static ObjectNode hits(QueryResult result, RankedHits ranked, CatalogView catalog) {
        ObjectNode node = NODES.objectNode();
        node.put("queryId", result.getQueryId());
        node.put("modelVersion", ranked.getModelVersion());
        ArrayNode hits = node.putArray("hits");
        int rank = 1;
        for (Hit hit : ranked.getHits()) {
            ObjectNode item = hits.addObject();
            item.put("rank", rank++);
            item.put("productId", hit.getProductId());
            item.put("score", hit.getScore());
            Lineage lineage = hit.getLineage();
            if (lineage != null) {
                item.putObject("lineage")
                        .put("encoderVersion", lineage.getEncoderVersion())
                        .put("combinerVersion", lineage.getCombinerVersion())
                        .put("collection", lineage.getCollection());
            }
            item.put("imageUrl", imageUrl(hit.getProductId()));
            catalog.product(hit.getProductId()).ifPresent(product -> item.set("product", product(product)));
        }
        node.set("timings", timings(result.getTimings()));
        return node;
    }

    static ObjectNode error(String queryId, String code, String message) {
        ObjectNode node = NODES.objectNode();
        if (queryId != null) {
            node.put("queryId", queryId);
        }
        node.putObject("error").put("code", code).put("message", message);
        return node;
    }

    static ObjectNode error(QueryResult result, QueryError error) {
        ObjectNode node = error(result.getQueryId(), error.getCode().name(), error.getMessage());
        node.set("timings", timings(result.getTimings()));
        return node;
    }

    static ObjectNode models(
            String modelName,
            String serving,
            String encoderVersion,
            java.util.Collection<String> loadedEncoders,
            List<ModelEvent> events) {
        ObjectNode node = NODES.objectNode();
        node.put("modelName", modelName);
        node.put("serving", serving);
        node.put("encoderVersion", encoderVersion);
        ArrayNode encoders = node.putArray("loadedEncoderVersions");
        loadedEncoders.stream().sorted().forEach(encoders::add);
        ArrayNode versions = node.putArray("versions");
        for (ModelEvent event : events) {
            ObjectNode item = versions.addObject();
            item.put("version", event.version());
            item.put("status", event.status().name());
            item.put("detail", event.detail());
            event.parentVersion().ifPresent(parent -> item.put("parentVersion", parent));
            ObjectNode metrics = item.putObject("metrics");
            event.metrics().forEach(metrics::put);
            item.put("at", event.at().toString());
        }
        return node;
    }

    private static ObjectNode timings(QueryTimings timings) {
        return NODES.objectNode()
                .put("queueMillis", timings.getQueueMillis())
                .put("encodeMillis", timings.getEncodeMillis())
                .put("searchMillis", timings.getSearchMillis())
                .put("totalMillis", timings.getTotalMillis());
    }
}
