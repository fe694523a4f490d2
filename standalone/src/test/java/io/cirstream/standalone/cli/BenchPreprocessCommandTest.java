package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench preprocess} runs the Java side and PIL + torchvision's (the project's .venv, set up by bin/test). */
@Integration
class BenchPreprocessCommandTest {

    @TempDir
    Path directory;

    @Test
    void measuresJavaAndTheReferenceOnTheSameJpeg() throws Exception {
        Path json = directory.resolve("bench.json");
        String previousHome = System.getProperty("cirstream.home");
        System.setProperty("cirstream.home", Repository.root().toString());
        try {
            CliRun run = CliRun.of(
                    "bench",
                    "preprocess",
                    "--width",
                    "400",
                    "--height",
                    "300",
                    "--size",
                    "64",
                    "--warmup",
                    "1",
                    "--runs",
                    "2",
                    "--json",
                    json.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("java:").contains("pytorch:").contains("ratio");
        } finally {
            if (previousHome == null) {
                System.clearProperty("cirstream.home");
            } else {
                System.setProperty("cirstream.home", previousHome);
            }
        }
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("javaDecodeMs").asDouble()).isPositive();
        assertThat(report.path("referencePreprocessMs").asDouble()).isPositive();
        assertThat(report.path("size").asInt()).isEqualTo(64);
    }
}
