package io.cirstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.combiner.CombinerDims;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class TrainingCurveTest {

    @TempDir
    Path directory;

    @Test
    void writesEveryEpochAsJsonAndAsAnSvgPlot() throws Exception {
        TrainingResult result = result();

        TrainingCurve.write(result, directory);

        JsonNode json = new ObjectMapper()
                .readTree(directory.resolve(TrainingCurve.JSON_FILE).toFile());
        assertThat(json.get("bestEpoch").asInt()).isEqualTo(2);
        assertThat(json.get("stopReason").asText()).isEqualTo("EARLY_STOPPING");
        assertThat(json.get("plan").get("batchSize").asInt()).isEqualTo(4096);
        assertThat(json.get("config").get("learningRate").asDouble()).isEqualTo(2e-5);
        assertThat(json.get("initialMetrics").get("recall_at_10").asDouble()).isEqualTo(0.1);
        assertThat(json.get("epochs")).hasSize(3);
        assertThat(json.get("epochs").get(1).get("meanLoss").asDouble()).isEqualTo(2.5);
        assertThat(json.get("epochs").get(1).get("heldOut").get("recall_at_50").asDouble())
                .isEqualTo(0.8);
        assertThat(json.get("epochs").get(1).get("best").asBoolean()).isTrue();

        String svg = Files.readString(directory.resolve(TrainingCurve.SVG_FILE));
        Document document = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        // one loss line, one line per recall metric
        assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(5);
        assertThat(svg).contains("R@1", "R@50", "mean training loss", "held-out recall", "best epoch 2");
    }

    @Test
    void niceRangesUseRoundSteps() {
        assertThat(CurveSvg.niceRange(0, 3.7)).containsExactly(0, 4, 1);
        assertThat(CurveSvg.niceRange(0, 0.83)).containsExactly(0, 1, 0.2);
        assertThat(CurveSvg.niceRange(0, 0)).containsExactly(0, 1, 0.2);
    }

    private static TrainingResult result() {
        List<EpochReport> curve = List.of(
                new EpochReport(1, 3.0, metrics(0.2, 0.5), 1.5, 2, 8192, true),
                new EpochReport(2, 2.5, metrics(0.4, 0.8), 1.4, 2, 8192, true),
                new EpochReport(3, 2.4, metrics(0.3, 0.7), 1.4, 2, 8192, false));
        TrainingPlan plan =
                new TrainingPlan(9000, 100, 4096, 2, 808, 300, CombinerInitialization.FROM_SCRATCH, metrics(0.1, 0.3));
        return new TrainingResult(
                PyTorchDefaultInit.weights(CombinerDims.ofFeatureDim(4), 0),
                2,
                curve,
                curve.get(1).heldOutMetrics(),
                plan.initialMetrics(),
                plan,
                CombinerTrainingConfig.defaults(),
                StopReason.EARLY_STOPPING,
                4.3);
    }

    private static Map<String, Double> metrics(double recall10, double recall50) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recall_at_1", recall10 / 4);
        metrics.put("recall_at_5", recall10 / 2);
        metrics.put("recall_at_10", recall10);
        metrics.put("recall_at_50", recall50);
        return metrics;
    }
}
