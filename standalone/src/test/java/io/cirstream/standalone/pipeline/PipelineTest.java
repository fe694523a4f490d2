package io.cirstream.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.config.Settings;
import io.cirstream.core.eval.protocol.CirrResult;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.ModelCatalog;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.testkit.Integration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a small catalogue (250 products, 2 epochs): the real broker, ingest and trainer services, the
 * Lucene index and the tiny bundle; then a second run with {@code --keep} on the same directory. About a minute and a
 * half here, most of it the first broker start in the JVM, drawing the catalogue and embedding it. The outcome of the
 * gate is asserted to follow the trainer's rule on the reported numbers, and publication to follow the gate; the
 * second run, on the bundle without a Combiner, exercises promotion when nothing served before.
 */
@Integration
class PipelineTest {

    private static final Path BUNDLE =
            Path.of("../fixtures/tiny-bundle").toAbsolutePath().normalize();
    private static final int PRODUCTS = 250;
    private static final long SEED = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STEPS = List.of("synth", "kafka", "ingest", "triplets", "training", "evaluation");

    @TempDir
    Path dir;

    private static PipelineConfig config(Path out, int epochs, boolean keep) {
        return new PipelineConfig(
                out,
                BUNDLE,
                PRODUCTS,
                SEED,
                epochs,
                PipelineConfig.DEFAULT_TRAIN_BATCH_SIZE,
                keep,
                "cpu",
                Settings.of(Map.of()));
    }

    private static PipelineReport run(PipelineConfig config, StringWriter console) throws Exception {
        return new Pipeline(config, StepProgress.NONE, new PrintWriter(console, true)).run();
    }

    @Test
    void runsEveryPartEndToEndAndContinuesWithKeep() throws Exception {
        Path out = dir.resolve("pipeline");
        StringWriter console = new StringWriter();
        PipelineReport first = run(config(out, 2, false), console);

        assertThat(first.steps()).extracting(PipelineReport.StepTiming::step).containsExactlyElementsOf(STEPS);
        assertThat(first.catalogueProducts()).isEqualTo(PRODUCTS);
        assertThat(first.storedProducts()).isEqualTo(PRODUCTS);
        assertThat(first.imagesEmbedded()).isEqualTo(PRODUCTS);
        assertThat(first.stopped())
                .containsExactly(
                        "trainer service",
                        "encoder line",
                        "ingest service",
                        "vector store",
                        "image encoder",
                        "admin client",
                        "Kafka broker");
        try (LuceneVectorStore index = LuceneVectorStore.open(LuceneStoreConfig.defaults(out.resolve("index")))) {
            assertThat(index.count())
                    .as("the index, reopened after a clean stop")
                    .isEqualTo(PRODUCTS);
        }
        PipelineReport.Training training = first.training();
        assertThat(training.trainingTriplets()).isPositive();
        assertThat(training.trainingTriplets() + training.heldOutTriplets()).isEqualTo(first.tripletsSent());
        assertThat(training.epochsRun()).isBetween(1, 2);
        assertThat(Path.of(training.runDirectory()).resolve("report.json")).isRegularFile();
        assertThat(Path.of(training.runDirectory()).resolve("training-curve.json"))
                .isRegularFile();
        assertGateConsistent(training);
        assertPublishedIffPromoted(out, training);
        assertEvaluation(first, training);
        assertThat(console.toString()).contains("[1/6 synthetic catalogue]", "[6/6 evaluation]", "query composition");

        JsonNode written = JSON.readTree(out.resolve("pipeline-report.json").toFile());
        assertThat(written.path("training").path("gate").path("promote").asBoolean())
                .isEqualTo(training.promoted());
        assertThat(written.path("evaluation")).hasSize(3);
        assertThat(Files.readString(out.resolve("pipeline-report.txt"))).contains("gate", "R@50");

        // --keep, with a copy of the bundle without its Combiner: the same encoders, so the catalogue, the index and
        // the caption features are reused; nothing serves unless the first run published, and then the gate promotes.
        Path withoutCombiner = bundleWithoutCombiner(dir.resolve("bundle-without-combiner"));
        PipelineReport second = run(
                new PipelineConfig(
                        out,
                        withoutCombiner,
                        PRODUCTS,
                        SEED,
                        1,
                        PipelineConfig.DEFAULT_TRAIN_BATCH_SIZE,
                        true,
                        "cpu",
                        Settings.of(Map.of())),
                new StringWriter());
        assertThat(second.steps().get(0).summary()).contains("reused");
        assertThat(second.storedProducts()).isEqualTo(PRODUCTS);
        assertThat(second.imagesEmbedded())
                .as("every image is in the index already")
                .isZero();
        PipelineReport.Training again = second.training();
        assertThat(again.runId()).isNotEqualTo(training.runId());
        assertGateConsistent(again);
        if (training.promoted()) {
            assertThat(again.gate().path("serving").path("version").asText())
                    .as("gated against what the first run left serving")
                    .isEqualTo(training.publishedVersion());
        } else {
            assertThat(again.gate().path("serving").isNull()).isTrue();
            assertThat(again.promoted()).as("nothing serves: the gate promotes").isTrue();
        }
        if (again.promoted()) {
            assertThat(again.servedVersion()).isEqualTo(again.publishedVersion());
            assertThat(new ModelCatalog(
                                    ModelStoreConfig.directory(out.resolve("models"))
                                            .open(),
                                    "combiner")
                            .versions())
                    .extracting(version -> version.getVersion())
                    .contains(again.publishedVersion());
        }
        assertThat(second.evaluation()).extracting(EvaluationRow::name).containsExactly("sum", "served");
        assertThat(second.evaluation().get(1).combiner()).isEqualTo(again.servedVersion());
    }

    /** A copy of the tiny bundle whose manifest has no Combiner (nothing serves before an announcement). */
    private static Path bundleWithoutCombiner(Path target) throws Exception {
        Files.createDirectories(target);
        try (var files = Files.list(BUNDLE)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().startsWith("combiner")) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
        Path manifest = target.resolve(ModelBundle.MANIFEST);
        ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
        String combinerFile = root.path("combiner").path("file").asText();
        root.remove("combiner");
        ((ObjectNode) root.get("files")).remove(combinerFile);
        JSON.writeValue(manifest.toFile(), root);
        return target;
    }

    @Test
    void refusesADirectoryInUseAndNamesTheStepThatFailed() throws Exception {
        Path out = dir.resolve("used");
        Files.createDirectories(out.resolve("synth"));
        Files.writeString(out.resolve("synth/synth.json"), "{\"products\": 100, \"seed\": 0, \"generatorVersion\": 1}");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(config(out, 1, false), new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not empty")
                .hasMessageContaining("--keep");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(config(out, 1, true), new StringWriter()))
                .isInstanceOfSatisfying(
                        PipelineException.class, e -> assertThat(e.step()).isEqualTo(PipelineStep.SYNTH))
                .hasMessageContaining("step 1/6 synthetic catalogue failed")
                .hasMessageContaining("holds a catalogue of 100 products");
    }

    /** Promoted exactly when the trainer's rule holds on the reported numbers. */
    private static void assertGateConsistent(PipelineReport.Training training) {
        JsonNode gate = training.gate();
        String metric = gate.path("metric").asText();
        double candidate = gate.path("candidate").path(metric).asDouble();
        double margin = gate.path("margin").asDouble();
        boolean enough = gate.path("heldOutQueries").asInt() >= 10;
        assertThat(gate.path("heldOutQueries").asLong()).isEqualTo(training.heldOutTriplets());
        assertThat(training.status()).isIn("promoted", "rejected");
        assertThat(training.status().equals("promoted")).isEqualTo(training.promoted());
        boolean expected;
        if (gate.path("serving").isNull()) {
            expected = enough;
        } else {
            double serving = gate.path("serving").path("metrics").path(metric).asDouble();
            double improvement = candidate - serving;
            expected = enough && improvement > 0 && improvement >= margin;
        }
        assertThat(training.promoted()).as("gate %s", gate).isEqualTo(expected);
    }

    /** A version is stored, announced and served exactly when the gate promoted the candidate. */
    private static void assertPublishedIffPromoted(Path out, PipelineReport.Training training) {
        ModelBundle bundle = ModelBundle.open(BUNDLE);
        var stored = new ModelCatalog(
                        ModelStoreConfig.directory(out.resolve("models")).open(), "combiner")
                .versions();
        if (training.promoted()) {
            assertThat(training.published()).isPresent();
            assertThat(stored).hasSize(1);
            assertThat(training.servedVersion()).isEqualTo(training.publishedVersion());
        } else {
            assertThat(training.published()).isEmpty();
            assertThat(stored).isEmpty();
            assertThat(training.servedVersion()).isEqualTo("bundle:" + bundle.combinerVersion());
        }
    }

    private static void assertEvaluation(PipelineReport report, PipelineReport.Training training) {
        List<EvaluationRow> rows = report.evaluation();
        assertThat(rows).extracting(EvaluationRow::name).containsExactly("sum", "bundle", "served");
        assertThat(rows).extracting(EvaluationRow::fusion).containsExactly("sum", "combiner", "combiner");
        ModelBundle bundle = ModelBundle.open(BUNDLE);
        assertThat(rows.get(1).combiner()).isEqualTo(bundle.combinerVersion());
        assertThat(rows.get(2).combiner())
                .isEqualTo(training.promoted() ? training.publishedVersion() : bundle.combinerVersion());
        for (EvaluationRow row : rows) {
            CirrResult r = row.result();
            assertThat(r.queries()).isPositive().isEqualTo(rows.get(0).result().queries());
            assertThat(r.indexSize())
                    .isPositive()
                    .isEqualTo(rows.get(0).result().indexSize());
            assertThat(r.recallAt1()).isLessThanOrEqualTo(r.recallAt5());
            assertThat(r.recallAt5()).isLessThanOrEqualTo(r.recallAt10());
            assertThat(r.recallAt10()).isLessThanOrEqualTo(r.recallAt50());
            assertThat(Path.of(row.reportDirectory()).resolve("report.json")).isRegularFile();
        }
        if (!training.promoted()) {
            assertThat(rows.get(2).result()).isEqualTo(rows.get(1).result());
        }
    }
}
