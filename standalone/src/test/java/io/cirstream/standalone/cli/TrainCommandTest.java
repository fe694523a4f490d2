package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.testkit.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cirstream synth}, then {@code cirstream train} on both of its layouts, with the tiny bundle, in-process. */
@Integration
class TrainCommandTest {

    private static final String BUNDLE =
            Path.of("../fixtures/tiny-bundle").toAbsolutePath().normalize().toString();

    @TempDir
    static Path dir;

    @BeforeAll
    static void synth() {
        CliRun run = CliRun.of(
                "synth",
                "--out",
                dir.resolve("synth").toString(),
                "--products",
                "120",
                "--seed",
                "5",
                "--image-size",
                "96");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void trainsOnTheFashionIqLayoutAndEvaluatesTheBestEpoch() throws Exception {
        Path out = dir.resolve("run-fiq");
        CliRun run = train("synthetic", dir.resolve("synth"), out, "--max-epochs", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("epoch 1: mean loss", "best epoch", "R@10", "Avg");
        CombinerWeights weights = CombinerWeights.load(out.resolve(TrainCommand.WEIGHTS_FILE));
        assertThat(weights.dims().featureDim()).isEqualTo(32);
        JsonNode curve =
                new ObjectMapper().readTree(out.resolve("training-curve.json").toFile());
        assertThat(curve.path("epochs").size()).isBetween(1, 3);
        assertThat(curve.path("plan").path("initialization").asText()).isEqualTo("from-scratch");
        JsonNode report = new ObjectMapper()
                .readTree(out.resolve(TrainCommand.REPORT_FILE).toFile());
        assertThat(report.path("trainingExamples").asInt()).isPositive();
        assertThat(report.path("data").path("trainDropped").asInt()).isZero();
        assertThat(Files.readString(out.resolve("training-curve.svg"))).startsWith("<svg");
        assertThat(out.resolve("eval/report.json")).exists();
    }

    @Test
    void warmStartsFromTheBundlesCombinerOnTheCirrLayout() throws Exception {
        Path out = dir.resolve("run-cirr");
        CliRun run =
                train("cirr", dir.resolve("synth/cirr"), out, "--max-epochs", "2", "--init", "warm-start", "--no-eval");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode curve =
                new ObjectMapper().readTree(out.resolve("training-curve.json").toFile());
        assertThat(curve.path("plan").path("initialization").asText()).isEqualTo("warm-start");
        assertThat(out.resolve("eval")).doesNotExist();
    }

    @Test
    void refusesWarmStartWeightsWithoutWarmStart() {
        CliRun run = train("cirr", dir.resolve("synth/cirr"), dir.resolve("bad"), "--combiner", BUNDLE + "/x");

        assertThat(run.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(run.err()).contains("--init warm-start");
    }

    private static CliRun train(String dataset, Path path, Path out, String... extra) {
        String[] base = {
            "train",
            "--dataset",
            dataset,
            "--path",
            path.toString(),
            "--bundle",
            BUNDLE,
            "--device",
            "cpu",
            "--out",
            out.toString(),
            "--cache",
            dir.resolve("cache").toString(),
            "--train-batch-size",
            "64"
        };
        return CliRun.of(base, extra);
    }
}
