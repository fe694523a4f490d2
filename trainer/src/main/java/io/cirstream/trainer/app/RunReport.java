package io.cirstream.trainer.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.io.DurableFiles;
import io.cirstream.core.modelstore.ModelVersionJson;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.trainer.dataset.TrainingData;
import io.cirstream.trainer.gate.GateDecision;
import io.cirstream.trainer.training.TrainingCurve;
import io.cirstream.trainer.training.TrainingResult;
import io.cirstream.trainer.trigger.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The report of one training run, {@value #FILE_NAME} in the run's directory beside the training curve: what it trained
 * on (triplets, dropped ones, held-out size), how training went, the gate's comparison of the candidate and the
 * serving version, and the published version if there is one. It is written when the run starts (status running) and
 * again when it ends, whatever the outcome, atomically each time.
 */
public final class RunReport {

    /** The report's file name inside the run directory. */
    public static final String FILE_NAME = "report.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;

    private RunReport(ObjectNode root) {
        this.root = root;
    }

    /** The report of a run that starts now. */
    public static RunReport started(String runId, Trigger trigger, Instant startedAt, String modelName) {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", runId);
        root.put("modelName", modelName);
        root.put("trigger", trigger.key());
        root.put("status", RunStatus.RUNNING.key());
        root.put("startedAt", startedAt.toString());
        return new RunReport(root);
    }

    /** Reads a report written earlier. */
    public static Optional<RunReport> read(Path runDirectory) {
        Path file = runDirectory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunReport((ObjectNode) JSON.readTree(file.toFile())));
        } catch (IOException | ClassCastException e) {
            throw new UncheckedIOException(new IOException("cannot read the run report " + file + ": " + e, e));
        }
    }

    public String runId() {
        return root.path("runId").asText();
    }

    public RunStatus status() {
        return RunStatus.valueOf(root.path("status").asText().toUpperCase(java.util.Locale.ROOT));
    }

    /** The training log's change count when the run started (0 if the run did not get that far). */
    public long logSequence() {
        return root.path("logSequence").asLong();
    }

    /** The published version's name, if the run published one. */
    public Optional<String> publishedVersion() {
        JsonNode version = root.path("published").path("version");
        return version.isMissingNode() || version.isNull() ? Optional.empty() : Optional.of(version.asText());
    }

    /** The published version, if the run published one. */
    public Optional<ModelVersion> published() {
        JsonNode published = root.get("published");
        if (published == null || published.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelVersionJson.read(JSON.writeValueAsBytes(published)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reason the run ended as it did (gate decision, skip reason, error). */
    public String reason() {
        return root.path("reason").asText("");
    }

    /** Seconds from start to end (0 while running). */
    public double seconds() {
        return root.path("seconds").asDouble();
    }

    /** Held-out triplets the run evaluated on, once it got that far. */
    public OptionalLong heldOutQueries() {
        return number(root.path("data").path("heldOutQueries"));
    }

    /** Training triplets the run trained on, once it got that far. */
    public OptionalLong trainingExamples() {
        return number(root.path("data").path("trainingExamples"));
    }

    /** Triplets dropped because their products are gone, once the run got that far. */
    public OptionalLong droppedMissingProducts() {
        return number(root.path("data").path("droppedMissingProducts"));
    }

    /** The candidate's held-out metrics, if the run evaluated one. */
    public Map<String, Double> candidateMetrics() {
        Map<String, Double> metrics = new TreeMap<>();
        root.path("gate")
                .path("candidate")
                .fields()
                .forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        return metrics;
    }

    /** The JSON tree (read-only use). */
    public JsonNode tree() {
        return root.deepCopy();
    }

    /**
     * The encoder version the run trained for: its caption features came from those encoders, its catalogue from their
     * collection, and a version it published names them (empty for reports written before the trainer followed the
     * encoder line).
     */
    public Optional<String> encoderVersion() {
        JsonNode version = root.path("encoderVersion");
        return version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
    }

    RunReport encoderVersion(String version) {
        root.put("encoderVersion", version);
        return this;
    }

    RunReport logSequence(long sequence) {
        root.put("logSequence", sequence);
        return this;
    }

    RunReport data(TrainingData data) {
        ObjectNode node = root.putObject("data");
        node.put("triplets", data.triplets());
        node.put("droppedMissingProducts", data.dropped());
        node.set("droppedExamples", JSON.valueToTree(data.droppedExamples()));
        node.put("trainingExamples", data.training().size());
        node.put("heldOutQueries", data.heldOut().size());
        node.put("catalogueProducts", data.catalogueSize());
        return this;
    }

    RunReport textCache(long hits, long misses) {
        ObjectNode node = root.putObject("textFeatureCache");
        node.put("hits", hits);
        node.put("encoded", misses);
        return this;
    }

    RunReport training(TrainingResult result) {
        ObjectNode node = root.putObject("training");
        node.put("bestEpoch", result.bestEpoch());
        node.put("epochsRun", result.epochsRun());
        node.put("stopReason", result.stopReason().name());
        node.put("initialization", result.plan().initialization().key());
        node.put("batchSize", result.plan().batchSize());
        node.put("seconds", result.seconds());
        node.put("curve", TrainingCurve.JSON_FILE);
        node.put("plot", TrainingCurve.SVG_FILE);
        return this;
    }

    RunReport gate(GateDecision decision) {
        ObjectNode node = root.putObject("gate");
        node.put("promote", decision.promote());
        node.put("reason", decision.reason());
        node.put("metric", decision.metric());
        node.put("margin", decision.margin());
        node.put("heldOutQueries", decision.heldOutQueries());
        node.set("candidate", metrics(decision.candidate()));
        decision.serving()
                .ifPresentOrElse(
                        serving -> {
                            ObjectNode servingNode = node.putObject("serving");
                            servingNode.put("version", serving.version());
                            servingNode.set("metrics", metrics(serving.metrics()));
                        },
                        () -> node.putNull("serving"));
        decision.improvement().ifPresent(improvement -> node.put("improvement", improvement));
        return this;
    }

    RunReport published(ModelVersion version) {
        root.set("published", ModelVersionJson.tree(version));
        return this;
    }

    /** Marks the run ended (a {@link RunExecutor} calls it once, then writes the report). */
    public RunReport finished(RunStatus status, String reason, Instant finishedAt) {
        root.put("status", status.key());
        root.put("reason", reason);
        root.put("finishedAt", finishedAt.toString());
        Instant started = Instant.parse(root.path("startedAt").asText());
        root.put("seconds", Duration.between(started, finishedAt).toMillis() / 1000.0);
        return this;
    }

    /** Writes the report into the run directory, replacing the earlier one atomically. */
    public void write(Path runDirectory) {
        try {
            DurableFiles.write(runDirectory.resolve(FILE_NAME), JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report in " + runDirectory, e);
        }
    }

    /** The report as JSON. */
    public String json() {
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OptionalLong number(JsonNode node) {
        return node.isNumber() ? OptionalLong.of(node.asLong()) : OptionalLong.empty();
    }

    private static ObjectNode metrics(Map<String, Double> metrics) {
        ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(metrics).forEach(node::put);
        return node;
    }
}
