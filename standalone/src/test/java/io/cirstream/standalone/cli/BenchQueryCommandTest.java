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

/** {@code cirstream bench query} on the tiny bundle, a small catalogue and short levels: it runs end to end and reports. */
class BenchQueryCommandTest {

    private static final Path BUNDLE =
            Path.of("../fixtures/tiny-bundle").toAbsolutePath().normalize();

    @Test
    void measuresEveryLoadLevelAndTheBareCompute(@TempDir Path temp) throws Exception {
        CommandLine cli = CirstreamCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        Path json = temp.resolve("bench.json");

        int exit = cli.execute(
                "bench",
                "query",
                "--bundle",
                BUNDLE.toString(),
                "--device",
                "cpu",
                "--catalog",
                "200",
                "--seconds",
                "1",
                "--in-flight",
                "8",
                "--bare-queries",
                "5",
                "--json",
                json.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("saturation:")
                .contains("bare compute of one query")
                .contains("p99 / bare");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("catalog").asInt()).isEqualTo(200);
        assertThat(report.path("bareMedianMillis").asDouble()).isPositive();
        assertThat(report.path("levels")).hasSize(6).allSatisfy(level -> {
            assertThat(level.path("errors").asInt()).isZero();
            assertThat(level.path("queries").asInt()).isPositive();
            assertThat(level.path("p99Millis").asDouble())
                    .isGreaterThanOrEqualTo(level.path("p50Millis").asDouble());
        });
    }
}
