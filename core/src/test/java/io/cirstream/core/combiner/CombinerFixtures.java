package io.cirstream.core.combiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The fixtures tools/make_combiner_test_vectors.py writes into src/test/resources/combiner/. */
final class CombinerFixtures {

    static final String D32_PT = "clip4cir_d32.pt";
    static final String D32_SAFETENSORS = "clip4cir_d32.safetensors";
    static final String D32_VECTORS = "clip4cir_d32_vectors.json";
    static final String D8_SAFETENSORS = "clip4cir_d8.safetensors";
    static final String D8_VECTORS = "clip4cir_d8_vectors.json";
    static final String D8_STRIDED_PT = "clip4cir_d8_strided.pt";
    static final String D8_MODULE_PREFIX_PT = "clip4cir_d8_module_prefix.pt";
    static final String D8_FP16_PT = "clip4cir_d8_fp16.pt";
    static final String D8_BF16_SAFETENSORS = "clip4cir_d8_bf16.safetensors";
    static final String MALICIOUS_PT = "malicious_os_system.pt";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CombinerFixtures() {}

    static Path path(String name) {
        URL url = CombinerFixtures.class.getResource("/combiner/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture combiner/" + name
                    + " (run .venv/bin/python tools/make_combiner_test_vectors.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Vectors vectors(String name) {
        try {
            return Vectors.of(JSON.readTree(path(name).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PyTorch's inputs and eval-mode outputs for one fixture Combiner. */
    record Vectors(int featureDim, float[][] text, float[][] image, float[][] query, float[] lambda) {

        static Vectors of(JsonNode root) {
            return new Vectors(
                    root.get("feature_dim").asInt(),
                    matrix(root.get("text")),
                    matrix(root.get("image")),
                    matrix(root.get("query")),
                    vector(root.get("lambda")));
        }

        static float[][] matrix(JsonNode rows) {
            float[][] matrix = new float[rows.size()][];
            for (int row = 0; row < matrix.length; row++) {
                matrix[row] = vector(rows.get(row));
            }
            return matrix;
        }

        static float[] vector(JsonNode values) {
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) values.get(i).asDouble();
            }
            return vector;
        }
    }

    /** The largest absolute element-wise difference between two equally shaped matrices. */
    static double maxAbsDifference(float[][] actual, float[][] expected) {
        double max = 0;
        for (int row = 0; row < expected.length; row++) {
            max = Math.max(max, maxAbsDifference(actual[row], expected[row]));
        }
        return max;
    }

    static double maxAbsDifference(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("lengths differ: " + actual.length + " vs " + expected.length);
        }
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
        }
        return max;
    }
}
