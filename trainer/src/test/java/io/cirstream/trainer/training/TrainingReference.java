package io.cirstream.trainer.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.combiner.CombinerWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PyTorch training reference tools/make_training_reference.py writes into src/test/resources/training/. */
record TrainingReference(
        int featureDim,
        int batchSize,
        long initSeed,
        long dropoutSeed,
        double learningRate,
        List<Batch> batches,
        double[] losses,
        float[][] evalLogits,
        double evalLoss,
        List<int[][]> dropoutMasks,
        List<Rounding> rounding,
        Rounding evalRounding,
        double variantLoss) {

    static final String INIT = "combiner_d32_init.safetensors";
    static final String STEP1 = "combiner_d32_step1.safetensors";
    static final String STEP3 = "combiner_d32_step3.safetensors";
    private static final String JSON_FILE = "training_d32_reference.json";

    /** PyTorch's float32 gradient of step {@code step} (1-based). */
    static String gradients(int step) {
        return "combiner_d32_grad_step" + step + ".safetensors";
    }

    /** The magnitudes |delta|^T |X| of step {@code step}'s gradient elements (tools/training_rounding.py). */
    static String gradientMagnitudes(int step) {
        return "combiner_d32_gradmag_step" + step + ".safetensors";
    }

    /** The step-1 gradient of the wrong variant: no dropout on the dynamic-scalar branch. */
    static final String VARIANT_GRADIENTS = "combiner_d32_grad_variant_step1.safetensors";

    /**
     * A step's rounding analysis (tools/training_rounding.py): the exact (float64) loss and the Hoeffding scales of a
     * float32 evaluation's rounding error in the loss and in the largest logit.
     */
    record Rounding(double exactLoss, double lossDeviation, double logitDeviation) {}

    /** One batch of raw features, [B, D] each. */
    record Batch(float[][] text, float[][] image, float[][] target) {}

    static TrainingReference load() {
        try {
            JsonNode root = new ObjectMapper().readTree(path(JSON_FILE).toFile());
            List<Batch> batches = new ArrayList<>();
            for (JsonNode batch : root.get("batches")) {
                batches.add(
                        new Batch(matrix(batch.get("text")), matrix(batch.get("image")), matrix(batch.get("target"))));
            }
            List<int[][]> masks = new ArrayList<>();
            for (JsonNode mask : root.get("dropout_masks_step1")) {
                int[][] rows = new int[mask.size()][];
                for (int r = 0; r < rows.length; r++) {
                    rows[r] = new int[mask.get(r).size()];
                    for (int c = 0; c < rows[r].length; c++) {
                        rows[r][c] = mask.get(r).get(c).asInt();
                    }
                }
                masks.add(rows);
            }
            double[] losses = new double[root.get("losses").size()];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = root.get("losses").get(i).asDouble();
            }
            List<Rounding> rounding = new ArrayList<>();
            for (JsonNode step : root.get("rounding")) {
                rounding.add(rounding(step));
            }
            return new TrainingReference(
                    root.get("feature_dim").asInt(),
                    root.get("batch_size").asInt(),
                    root.get("init_seed").asLong(),
                    root.get("dropout_seed").asLong(),
                    root.get("learning_rate").asDouble(),
                    batches,
                    losses,
                    matrix(root.get("eval_logits")),
                    root.get("eval_loss").asDouble(),
                    masks,
                    rounding,
                    rounding(root.get("eval_rounding")),
                    root.get("variant_step1").get("loss").asDouble());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CombinerWeights weights(String name) {
        return CombinerWeights.load(path(name));
    }

    static Path path(String name) {
        URL url = TrainingReference.class.getResource("/training/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture training/" + name
                    + " (run .venv/bin/python tools/make_training_reference.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Rounding rounding(JsonNode node) {
        return new Rounding(
                node.get("exact_loss").asDouble(),
                node.get("loss_deviation").asDouble(),
                node.get("logit_deviation").asDouble());
    }

    private static float[][] matrix(JsonNode rows) {
        float[][] matrix = new float[rows.size()][];
        for (int r = 0; r < matrix.length; r++) {
            matrix[r] = new float[rows.get(r).size()];
            for (int c = 0; c < matrix[r].length; c++) {
                matrix[r][c] = (float) rows.get(r).get(c).asDouble();
            }
        }
        return matrix;
    }
}
