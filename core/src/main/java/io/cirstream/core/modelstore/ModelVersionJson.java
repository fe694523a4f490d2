package io.cirstream.core.modelstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ModelVersion} as the plain JSON a version's record in the model store holds (and the CLI prints): field
 * names as in the schema, {@code createdAt} as ISO-8601, {@code parentVersion} null when there is none.
 */
public final class ModelVersionJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelVersionJson() {}

    /** The JSON tree of a version. */
    public static ObjectNode tree(ModelVersion version) {
        ObjectNode node = JSON.createObjectNode();
        node.put("modelName", version.getModelName());
        node.put("version", version.getVersion());
        node.put("parentVersion", version.getParentVersion());
        node.put("uri", version.getUri());
        node.put("sha256", version.getSha256());
        node.put("featureDim", version.getFeatureDim());
        node.put("projectionDim", version.getProjectionDim());
        node.put("hiddenDim", version.getHiddenDim());
        node.put("encoderVersion", version.getEncoderVersion());
        ObjectNode metrics = node.putObject("metrics");
        new TreeMap<>(version.getMetrics()).forEach(metrics::put);
        node.put("trainingSetSize", version.getTrainingSetSize());
        node.put("createdAt", version.getCreatedAt().toString());
        return node;
    }

    /** The UTF-8 JSON bytes of a version. */
    public static byte[] write(ModelVersion version) {
        try {
            return JSON.writeValueAsBytes(tree(version));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a model version as JSON", e);
        }
    }

    /** The version a record holds. */
    public static ModelVersion read(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, Double> metrics = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("metrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> metric = it.next();
                metrics.put(metric.getKey(), metric.getValue().asDouble());
            }
            JsonNode parent = node.get("parentVersion");
            return ModelVersion.newBuilder()
                    .setModelName(required(node, "modelName").asText())
                    .setVersion(required(node, "version").asText())
                    .setParentVersion(parent == null || parent.isNull() ? null : parent.asText())
                    .setUri(required(node, "uri").asText())
                    .setSha256(required(node, "sha256").asText())
                    .setFeatureDim(required(node, "featureDim").asInt())
                    .setProjectionDim(required(node, "projectionDim").asInt())
                    .setHiddenDim(required(node, "hiddenDim").asInt())
                    .setEncoderVersion(required(node, "encoderVersion").asText())
                    .setMetrics(Map.copyOf(metrics))
                    .setTrainingSetSize(required(node, "trainingSetSize").asLong())
                    .setCreatedAt(Instant.parse(required(node, "createdAt").asText()))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelStoreException("a model version record does not read: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ModelStoreException("a model version record has no " + field);
        }
        return value;
    }
}
