package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.testkit.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cirstream synth} then {@code cirstream eval} on its output, with the committed tiny bundle, in-process. */
@Integration
class SynthEvalCommandTest {

    private static final String BUNDLE =
            Path.of("../fixtures/tiny-bundle").toAbsolutePath().normalize().toString();

    @TempDir
    static Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void synth() {
        CliRun run = run(
                "synth",
                "--out",
                dir.resolve("synth").toString(),
                "--products",
                "120",
                "--seed",
                "3",
                "--image-size",
                "96");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("120 products in 20 families");
    }

    @Test
    void evalPrintsTheTableAndWritesTheReport() throws Exception {
        CliRun run = run(
                "eval",
                "--dataset",
                "synthetic",
                "--path",
                dir.resolve("synth").toString(),
                "--bundle",
                BUNDLE,
                "--device",
                "cpu",
                "--cache",
                dir.resolve("cache").toString(),
                "--report",
                dir.resolve("report").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("fusion sum", "R@10", "Avg = (mean R@10 + mean R@50) / 2 = ");
        JsonNode report =
                new ObjectMapper().readTree(dir.resolve("report/report.json").toFile());
        assertThat(report.path("fashionIq").path("average").asDouble()).isBetween(0.0, 100.0);
        assertThat(Files.readString(dir.resolve("report/recall.svg"))).startsWith("<svg");

        CliRun again = run(
                "eval",
                "--dataset",
                "cirr",
                "--path",
                dir.resolve("synth/cirr").toString(),
                "--bundle",
                BUNDLE,
                "--device",
                "cpu",
                "--cache",
                dir.resolve("cache").toString(),
                "--fusion",
                "combiner");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Rs@1", "combiner tiny-rn-combiner-");
    }

    @Test
    void testSplitsNeedASubmissionAndOnlyCirrHasOne() {
        CliRun fashionIq = run(
                "eval",
                "--dataset",
                "synthetic",
                "--path",
                dir.resolve("synth").toString(),
                "--bundle",
                BUNDLE,
                "--split",
                "test",
                "--no-cache");
        assertThat(fashionIq.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(fashionIq.err()).contains("synthetic test has no targets");

        CliRun cirr = run(
                "eval",
                "--dataset",
                "cirr",
                "--path",
                dir.resolve("synth/cirr").toString(),
                "--bundle",
                BUNDLE,
                "--device",
                "cpu",
                "--no-cache",
                "--submission",
                dir.resolve("submission").toString());
        assertThat(cirr.exitCode()).as(cirr.err()).isZero();
        assertThat(dir.resolve("submission/recall_submission_cirstream.json")).exists();
        assertThat(dir.resolve("submission/recall_subset_submission_cirstream.json"))
                .exists();

        CliRun wrong = run("eval", "--dataset", "coco", "--path", ".", "--bundle", BUNDLE);
        assertThat(wrong.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(wrong.err()).contains("dataset must be one of fashioniq, cirr, synthetic");
    }
}
