package io.cirstream.trainer.stage1;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.trainer.training.CurveSvg;
import io.cirstream.trainer.training.EpochReport;
import io.cirstream.trainer.training.TrainingCurve;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A stage-1 run's training curve, in the files and the plot the Combiner's training writes
 * ({@value TrainingCurve#JSON_FILE}, {@value TrainingCurve#SVG_FILE}): mean loss and validation recall per epoch,
 * the source bundle's recall at epoch 0.
 */
public final class Stage1Curve {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Stage1Curve() {}

    /** Writes the JSON and the SVG into {@code directory}. */
    public static void write(Stage1Result result, Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(TrainingCurve.JSON_FILE), json(result), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(TrainingCurve.SVG_FILE), svg(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training curve into " + directory, e);
        }
    }

    static String svg(Stage1Result result) {
        Stage1Config config = result.config();
        String title = String.format(
                Locale.ROOT,
                "Stage 1 (%s encoders): %d triplets, batch %d, AdamW lr %.0e, best epoch %d (%s)",
                config.encoders().cliName(),
                result.plan().triplets(),
                result.plan().batchSize(),
                config.optimizer().learningRate(),
                result.bestEpoch(),
                result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        return CurveSvg.render(new CurveSvg.Curve(title, result.curve(), result.initialMetrics(), result.bestEpoch()));
    }

    static String json(Stage1Result result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("stage", 1);
        root.put("bundle", result.bundle().name())
                .put("encoderVersion", result.bundle().encoderVersion());
        root.put("bestEpoch", result.bestEpoch())
                .put("epochsRun", result.curve().size());
        root.put("stopReason", result.stopReason().name()).put("seconds", result.seconds());
        root.set("bestMetrics", JSON.valueToTree(result.bestMetrics()));
        root.set("initialMetrics", JSON.valueToTree(result.initialMetrics()));
        root.set("plan", JSON.valueToTree(result.plan()));
        root.set("config", JSON.valueToTree(result.config()));
        ArrayNode epochs = root.putArray("epochs");
        for (EpochReport report : result.curve()) {
            ObjectNode node = epochs.addObject();
            node.put("epoch", report.epoch()).put("meanLoss", report.meanLoss());
            node.set("validation", JSON.valueToTree(report.heldOutMetrics()));
            node.put("seconds", report.seconds()).put("steps", report.batches());
            node.put("best", report.epoch() == result.bestEpoch());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
