package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.testkit.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cirstream bench train} on a tiny Combiner, run in-process. */
@Integration
class BenchTrainCommandTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    @Test
    void measuresTheJavaLoopInRounds() throws Exception {
        Path json = directory.resolve("bench.json");

        int exit = run("2", "--no-reference", "--json", json.toString());

        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("rounds")).hasSize(2);
        assertThat(report.path("rounds").get(0).path("javaBatches").asInt()).isPositive();
        assertThat(report.path("javaTripletsPerSecond").asDouble()).isPositive();
        assertThat(report.path("batchSize").asInt()).isEqualTo(4);
    }

    @Test
    void comparesWithPyTorchOnTheSameFeaturesWhenThePythonToolsAreSetUp() throws Exception {
        Path python = HOME.resolve(".venv/bin/python");
        assumeTrue(Files.isExecutable(python), "tools/setup-python.sh has not been run");
        Path json = directory.resolve("bench.json");
        String previousHome = System.getProperty("cirstream.home");
        System.setProperty("cirstream.home", HOME.toString());
        try {
            assertThat(run("1", "--python", python.toString(), "--json", json.toString()))
                    .isZero();
        } finally {
            if (previousHome == null) {
                System.clearProperty("cirstream.home");
            } else {
                System.setProperty("cirstream.home", previousHome);
            }
        }
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("pytorchTripletsPerSecond").asDouble()).isPositive();
        assertThat(report.path("ratio").asDouble()).isPositive();
        assertThat(report.path("rounds")
                        .get(0)
                        .path("pytorch")
                        .path("featureDim")
                        .asInt())
                .isEqualTo(8);
    }

    private static int run(String rounds, String... extra) {
        String[] base = {
            "bench",
            "train",
            "--dims",
            "8",
            "--batch-size",
            "4",
            "--triplets",
            "8",
            "--seconds",
            "0.05",
            "--rounds",
            rounds,
            "--device",
            "cpu"
        };
        return CliRun.of(base, extra).exitCode();
    }
}
