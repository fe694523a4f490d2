package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cirstream bench ingest} on the tiny bundle and a handful of events: it runs end to end and reports. */
class BenchIngestCommandTest {

    private static final Path BUNDLE =
            Path.of("../fixtures/tiny-bundle").toAbsolutePath().normalize();

    @Test
    void measuresThePipelineAndTheEmbedOnlyBoundOnTheSameEvents(@TempDir Path temp) throws Exception {
        CommandLine cli = CirstreamCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        Path json = temp.resolve("bench.json");

        int exit = cli.execute(
                "bench",
                "ingest",
                "--bundle",
                BUNDLE.toString(),
                "--device",
                "cpu",
                "--events",
                "16",
                "--ingest-batch-size",
                "8",
                "--partitions",
                "2",
                "--json",
                json.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("end to end (events/s)")
                .contains("embed-only bound")
                .contains("ratio");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("events").asInt()).isEqualTo(16);
        assertThat(report.path("eventsPerSecond").asDouble()).isPositive();
        assertThat(report.path("embedOnlyImagesPerSecond").asDouble()).isPositive();
        assertThat(report.path("ratio").asDouble()).isPositive();
    }
}
