package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.testkit.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cirstream study} on a small synthetic catalogue, the random tiny bundle against the demo bundle (stage 1 +
 * Combiner trained by tools/make_demo_bundle.sh): a Markdown report with its five SVG plots, and fine-tuning shows
 * where it should: queries move closer to their targets than to the other images.
 */
@Integration
class StudyCommandTest {

    private static final String TINY = repository("fixtures/tiny-bundle");
    private static final String DEMO = repository("fixtures/demo-bundle");

    @TempDir
    Path dir;

    @Test
    void writesTheReportWithItsPlotsAndShowsQueriesMovingTowardsTheirTargets() throws Exception {
        String synth = dir.resolve("synth").toString();
        assertThat(CliRun.of("synth", "--out", synth, "--products", "200", "--seed", "3")
                        .exitCode())
                .isZero();
        Path out = dir.resolve("study");
        CliRun run = CliRun.of(
                "study",
                "--bundle",
                TINY,
                "--bundle",
                DEMO,
                "--dataset",
                "cirr",
                "--path",
                synth + "/cirr",
                "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();

        String report = Files.readString(out.resolve("report.md"));
        for (String plot : new String[] {"image-image", "text-image", "query-target", "pca-a", "pca-b"}) {
            assertThat(report).contains(plot + ".svg");
            DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(out.resolve(plot + ".svg").toFile());
        }
        assertThat(report).contains("modality gap").contains("query-target cosine");
        double before = separation(report, 1);
        double after = separation(report, 2);
        System.out.printf("study: query cosine, target minus others: %.3f before, %.3f after%n", before, after);
        assertThat(after).isGreaterThan(before);
    }

    /** The "target minus others" row's value in column {@code column} (1: before, 2: after). */
    private static double separation(String report, int column) {
        String row = report.lines()
                .filter(l -> l.startsWith("| target minus others"))
                .findFirst()
                .orElseThrow();
        return Double.parseDouble(row.split("\\|")[column + 1].trim());
    }

    private static String repository(String relative) {
        return Path.of("..").resolve(relative).toAbsolutePath().normalize().toString();
    }
}
