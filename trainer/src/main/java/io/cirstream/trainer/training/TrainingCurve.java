package io.cirstream.trainer.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The record of a training run: {@value #JSON_FILE} (every epoch's mean loss, held-out metrics and time, the plan,
 * the configuration, the best epoch) and {@value #SVG_FILE} (mean loss and held-out recall per epoch, best epoch
 * marked), written side by side.
 */
public final class TrainingCurve {

    /** The file name of the JSON record. */
    public static final String JSON_FILE = "training-curve.json";

    /** The file name of the plot. */
    public static final String SVG_FILE = "training-curve.svg";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingCurve() {}

    /** Writes {@value #JSON_FILE} and {@value #SVG_FILE} into {@code directory} (created if needed). */
    public static void write(TrainingResult result, Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(JSON_FILE), json(result), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(SVG_FILE), svg(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training curve into " + directory, e);
        }
    }

    /** The JSON record of {@code result}. */
    public static String json(TrainingResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("bestEpoch", result.bestEpoch());
        root.put("epochsRun", result.epochsRun());
        root.put("stopReason", result.stopReason().name());
        root.put("seconds", result.seconds());
        root.set("bestMetrics", metrics(result.bestMetrics()));
        root.set("initialMetrics", metrics(result.initialMetrics()));
        TrainingPlan plan = result.plan();
        ObjectNode planNode = root.putObject("plan");
        planNode.put("examples", plan.examples());
        planNode.put("heldOutQueries", plan.heldOutQueries());
        planNode.put("batchSize", plan.batchSize());
        planNode.put("batchesPerEpoch", plan.batchesPerEpoch());
        planNode.put("leftOutPerEpoch", plan.leftOutPerEpoch());
        planNode.put("initialization", plan.initialization().key());
        planNode.put("featureDim", result.best().dims().featureDim());
        planNode.put("parameters", result.best().parameterCount());
        CombinerTrainingConfig config = result.config();
        ObjectNode configNode = root.putObject("config");
        configNode.put("learningRate", config.learningRate());
        configNode.put("maxBatchSize", config.maxBatchSize());
        configNode.put("maxEpochs", config.maxEpochs());
        configNode.put("patience", config.patience());
        configNode.put("earlyStoppingMetric", config.earlyStoppingMetric().key());
        configNode.put("seed", config.seed());
        configNode.put("initialization", config.initialization().key());
        ArrayNode epochs = root.putArray("epochs");
        for (EpochReport report : result.curve()) {
            ObjectNode node = epochs.addObject();
            node.put("epoch", report.epoch());
            node.put("meanLoss", report.meanLoss());
            node.set("heldOut", metrics(report.heldOutMetrics()));
            node.put("seconds", report.seconds());
            node.put("batches", report.batches());
            node.put("examples", report.examples());
            node.put("best", report.epoch() == result.bestEpoch());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SVG plot of {@code result}. */
    public static String svg(TrainingResult result) {
        return CurveSvg.render(result);
    }

    private static ObjectNode metrics(Map<String, Double> metrics) {
        ObjectNode node = JSON.createObjectNode();
        metrics.forEach(node::put);
        return node;
    }
}
