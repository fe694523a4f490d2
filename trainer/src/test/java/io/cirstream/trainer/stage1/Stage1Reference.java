package io.cirstream.trainer.stage1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The PyTorch stage-1 reference tools/make_stage1_reference.py writes into src/test/resources/stage1/. */
record Stage1Reference(
        int batch,
        int inputSize,
        int referenceSeed,
        int targetSeed,
        long[] tokens,
        double eps,
        Map<String, Run> runs,
        Map<String, float[]> runningStats,
        Map<String, float[]> runningStatsBnTrain) {

    static final String RESOURCE = "/stage1/stage1_tiny_reference.json";

    /** One parameter's sampled elements: flat indices, values before the step, gradient, values after. */
    record Sample(int[] index, float[] before, float[] grad, float[] after) {}

    /** One PyTorch step: its settings, loss and the sampled parameters (variants carry only {@code after}). */
    record Run(double learningRate, double weightDecay, double loss, Map<String, Sample> params) {}

    static Stage1Reference load() {
        try (InputStream in = Stage1Reference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing (tools/make_stage1_reference.py)");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Run> runs = new LinkedHashMap<>();
            root.get("runs").properties().forEach(e -> runs.put(e.getKey(), run(e.getValue())));
            JsonNode tokenRows = root.get("tokens");
            int columns = tokenRows.get(0).size();
            long[] tokens = new long[tokenRows.size() * columns];
            for (int r = 0; r < tokenRows.size(); r++) {
                for (int c = 0; c < columns; c++) {
                    tokens[r * columns + c] = tokenRows.get(r).get(c).asLong();
                }
            }
            return new Stage1Reference(
                    root.get("batch").asInt(),
                    root.get("input_size").asInt(),
                    root.get("input_seeds").get("reference").asInt(),
                    root.get("input_seeds").get("target").asInt(),
                    tokens,
                    root.get("eps").asDouble(),
                    runs,
                    floatMap(root.get("running_stats")),
                    floatMap(root.get("running_stats_bn_train")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The batch's images, as the script makes them: value(k) = ((((k + seed·1000003)·2654435761) mod 2^32) >> 16) −
     * 32768) / 16384, exact float32 values, references (seed 1) then targets (seed 2).
     */
    float[] images() {
        int perSide = batch * 3 * inputSize * inputSize;
        float[] pixels = new float[2 * perSide];
        fill(pixels, 0, perSide, referenceSeed);
        fill(pixels, perSide, perSide, targetSeed);
        return pixels;
    }

    Stage1Batch stage1Batch() {
        return new Stage1Batch(batch, inputSize, images(), tokens);
    }

    private static void fill(float[] out, int offset, int count, long seed) {
        for (long k = 0; k < count; k++) {
            long x = ((k + seed * 1_000_003L) * 2_654_435_761L) & 0xFFFF_FFFFL;
            out[offset + (int) k] = ((x >>> 16) - 32768) / 16384f;
        }
    }

    private static Run run(JsonNode node) {
        Map<String, Sample> params = new LinkedHashMap<>();
        node.get("params").properties().forEach(e -> {
            JsonNode p = e.getValue();
            params.put(
                    e.getKey(),
                    new Sample(
                            p.has("index") ? ints(p.get("index")) : null,
                            p.has("before") ? floats(p.get("before")) : null,
                            p.has("grad") ? floats(p.get("grad")) : null,
                            floats(p.get("after"))));
        });
        return new Run(
                node.get("lr").asDouble(),
                node.get("weight_decay").asDouble(),
                node.get("loss").asDouble(),
                params);
    }

    private static Map<String, float[]> floatMap(JsonNode node) {
        Map<String, float[]> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), floats(e.getValue())));
        return out;
    }

    /** Each JSON number is the exact double value of a float32 (the script writes them so): the cast is exact. */
    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
