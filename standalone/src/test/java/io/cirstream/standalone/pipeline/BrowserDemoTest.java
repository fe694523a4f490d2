package io.cirstream.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.config.Settings;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import io.cirstream.query.model.ServingCombiner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web demo in a real browser: {@code cirstream standalone} in this JVM on free ports with the default demo
 * catalogue, and headless Chromium (Debian's package) driven by playwright-core ({@code tools/setup-browser.sh}
 * installs both when missing; the test is skipped, loudly, only when Chromium cannot be installed). The browser picks
 * a reference, types a caption, clicks a result to refine (the history strip), sends "this is what I wanted",
 * retrains and sees the new version serve, searches from an uploaded image, then loads the page at phone width; the test asserts on what the page
 * showed and on what the services did. Screenshots stay in {@code standalone/target/browser-demo/}.
 */
@Integration
class BrowserDemoTest {

    /** Where the screenshots go (kept as test artefacts). */
    static final Path SCREENSHOTS = Path.of("target", "browser-demo");

    private static final int PRODUCTS = StandaloneConfig.DEFAULT_PRODUCTS;
    private static final String UPLOAD = "fixtures/images/photo_320x240_q90_420.jpg";
    private static final long SETUP_MINUTES = 10;
    private static final long FLOW_MINUTES = 10;
    private static final int EXIT_NO_CHROMIUM = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aShopperSearchesRefinesSendsFeedbackAndRetrainsInChromium() throws Exception {
        String chromium = setUpBrowser();
        Files.createDirectories(SCREENSHOTS);
        StandaloneConfig config = new StandaloneConfig(
                dir.resolve("data"),
                Repository.file("fixtures/tiny-bundle"),
                PRODUCTS,
                0,
                0,
                PipelineConfig.DEFAULT_MAX_EPOCHS,
                PipelineConfig.DEFAULT_TRAIN_BATCH_SIZE,
                "cpu",
                Settings.of(Map.of()));
        try (Standalone standalone =
                Standalone.start(config, StepProgress.NONE, new PrintWriter(new StringWriter(), true))) {
            String servingBefore = serving(standalone);
            long started = System.nanoTime();
            JsonNode report = runFlow(chromium, standalone.ready().address().toString());
            System.out.printf("BrowserDemoTest: the browser flow took %.1f s%n", (System.nanoTime() - started) / 1e9);

            assertThat(report.path("error").isMissingNode())
                    .as("the flow failed: %s (see %s/failure.png)", report.path("error"), SCREENSHOTS)
                    .isTrue();
            assertThat(report.path("consoleErrors"))
                    .as("errors in the page's console")
                    .isEmpty();
            assertThat(report.path("unlabelledControls"))
                    .as("form controls without a label")
                    .isEmpty();
            assertThat(report.path("live").path("indexSize").asText()).isEqualTo(Integer.toString(PRODUCTS));
            assertThat(report.path("live").path("catalogueEvents").asText()).startsWith(Integer.toString(PRODUCTS));
            assertThat(report.path("servingBefore").asText()).isEqualTo(servingBefore);
            assertThat(report.path("focusAfterPick").asText())
                    .as("focus moves to the caption")
                    .isEqualTo("caption");

            JsonNode firstHits = report.path("firstHits");
            assertThat(firstHits).hasSize(12);
            for (JsonNode hit : firstHits) {
                assertThat(hit.path("productId").asText())
                        .isNotEqualTo(report.path("referenceId").asText());
                assertThat(hit.path("lineage").asText()).contains("combiner " + servingBefore);
            }
            assertThat(scores(firstHits)).isSortedAccordingTo((a, b) -> Double.compare(b, a));

            assertThat(report.path("refinedReferenceId").asText())
                    .isEqualTo(firstHits.get(1).path("productId").asText());
            assertThat(report.path("historyAfterRefine").get(0).asText())
                    .contains(report.path("caption").asText());
            for (JsonNode hit : report.path("refinedHits")) {
                assertThat(hit.path("productId").asText())
                        .isNotEqualTo(report.path("refinedReferenceId").asText());
            }

            String tripletId = report.path("feedbackStatus").asText().split(" ")[1];
            assertThat(standalone.trainer().log().triplets())
                    .as("the feedback sent from the page, in the trainer's log")
                    .anySatisfy(triplet -> {
                        assertThat(triplet.id()).isEqualTo(tripletId);
                        assertThat(triplet.referenceId())
                                .isEqualTo(report.path("refinedReferenceId").asText());
                        assertThat(triplet.targetId())
                                .isEqualTo(report.path("feedbackTarget").asText());
                        assertThat(triplet.caption())
                                .isEqualTo(report.path("refineCaption").asText());
                    });
            assertThat(report.path("feedbackButton").asText()).startsWith("Thanks");

            String published = report.path("publishedVersion").asText(null);
            assertThat(published)
                    .as("the retrain's outcome shown: %s", report.path("retrainStatus"))
                    .isNotNull();
            assertThat(report.path("retrainStatus").asText()).contains("promoted");
            assertThat(report.path("servingAfter").asText()).isEqualTo(published);
            assertThat(serving(standalone)).as("the query service serves it").isEqualTo(published);
            for (JsonNode hit : report.path("hitsAfterRetrain")) {
                assertThat(hit.path("lineage").asText()).contains("combiner " + published);
            }
            assertThat(report.path("versionsShown").toString()).contains(published, servingBefore);

            assertThat(report.path("uploadHits").asInt())
                    .as("hits for an uploaded image")
                    .isEqualTo(12);
            assertThat(report.path("uploadFeedbackDisabled").asBoolean()).isTrue();
            assertThat(report.path("phoneOverflowPx").asInt())
                    .as("wider than a phone")
                    .isLessThanOrEqualTo(0);
            assertThat(report.path("firstTab").asText()).isEqualTo("Skip to the query");
            assertThat(SCREENSHOTS.resolve("01-results.png")).isNotEmptyFile();
            assertThat(SCREENSHOTS.resolve("04-phone.png")).isNotEmptyFile();
        }
    }

    private static String serving(Standalone standalone) {
        return standalone
                .query()
                .combiners()
                .current()
                .map(ServingCombiner::version)
                .orElse("none");
    }

    private static List<Double> scores(JsonNode hits) {
        List<Double> scores = new ArrayList<>();
        hits.forEach(hit -> scores.add(hit.path("score").asDouble()));
        return scores;
    }

    /** Runs tools/setup-browser.sh; returns Chromium's path, or skips the test (loudly) when none can be installed. */
    private static String setUpBrowser() throws IOException, InterruptedException {
        Process setup = new ProcessBuilder(
                        Repository.file("tools/setup-browser.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!setup.waitFor(SETUP_MINUTES, TimeUnit.MINUTES)) {
            setup.destroyForcibly();
            throw new AssertionError("tools/setup-browser.sh did not finish within " + SETUP_MINUTES + " min");
        }
        if (setup.exitValue() == EXIT_NO_CHROMIUM) {
            String banner = "\n" + "!".repeat(100) + "\n!!! BrowserDemoTest SKIPPED: Chromium cannot be installed on"
                    + " this machine (tools/setup-browser.sh exit 3: no root, no sudo or no apt-get); the web demo"
                    + " was NOT tested in a browser\n" + "!".repeat(100);
            System.err.println(banner);
            Assumptions.abort(banner);
        }
        assertThat(setup.exitValue()).as("tools/setup-browser.sh failed").isZero();
        String[] lines = output.split("\n");
        return lines[lines.length - 1];
    }

    private JsonNode runFlow(String chromium, String url) throws IOException, InterruptedException {
        Path log = dir.resolve("flow.out");
        Process flow = new ProcessBuilder(
                        "node",
                        Path.of("src/test/browser/demo-flow.cjs")
                                .toAbsolutePath()
                                .toString(),
                        Repository.file(".browser-test/node_modules/playwright-core")
                                .toString(),
                        chromium,
                        url,
                        SCREENSHOTS.toAbsolutePath().toString(),
                        Integer.toString(PRODUCTS),
                        Repository.file(UPLOAD).toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!flow.waitFor(FLOW_MINUTES, TimeUnit.MINUTES)) {
            flow.destroyForcibly();
            throw new AssertionError(
                    "the browser flow did not finish within " + FLOW_MINUTES + " min: " + Files.readString(log));
        }
        List<String> lines = Files.readAllLines(log);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertThat(last)
                .as("the flow's report; its output:\n%s", String.join("\n", lines))
                .startsWith("{");
        return JSON.readTree(last);
    }
}
