package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.testkit.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code cirstream embed} on the committed tiny bundle, run in-process. */
@Integration
class EmbedCommandTest {

    private static final Path FIXTURES = Path.of("../fixtures").toAbsolutePath().normalize();

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void printsRawFeaturesOfImagesAndCaptionsAndTheComposedQuery() throws Exception {
        CliRun run = run(
                "embed",
                "--bundle",
                FIXTURES.resolve("tiny-bundle").toString(),
                "--device",
                "cpu",
                "--compose",
                "--caption",
                "is red and has long sleeves",
                FIXTURES.resolve("images/wide_300x90.png").toString(),
                FIXTURES.resolve("images/gray_211x157.jpg").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("featureDim").asInt()).isEqualTo(32);
        assertThat(json.path("images")).hasSize(2);
        assertThat(json.path("images").get(0).path("feature")).hasSize(32);
        assertThat(json.path("captions").get(0).path("feature")).hasSize(32);
        assertThat(json.path("queries")).hasSize(2);
        JsonNode query = json.path("queries").get(0);
        assertThat(query.path("norm").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(query.path("lambda").asDouble()).isBetween(0.0, 1.0);
        // the image feature equals PyTorch's reference for the same file
        JsonNode reference = new ObjectMapper()
                .readTree(FIXTURES.resolve("reference/images.json").toFile());
        for (JsonNode image : reference.path("images")) {
            if (image.path("file").asText().equals("wide_300x90.png")) {
                assertThat(json.path("images").get(0).path("feature").get(0).asDouble())
                        .isCloseTo(image.path("feature").get(0).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void reportsAnUnreadableImageAndExitsWithTwo() throws Exception {
        Path garbage = Files.createTempFile("not-an-image", ".jpg");
        Files.writeString(garbage, "<html>not an image</html>");

        CliRun run = run(
                "embed",
                "--bundle",
                FIXTURES.resolve("tiny-bundle").toString(),
                "--device",
                "cpu",
                garbage.toString(),
                FIXTURES.resolve("images/tiny_7x5.png").toString());

        assertThat(run.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("images").get(0).path("error").asText())
                .contains(garbage.getFileName().toString());
        assertThat(json.path("images").get(1).path("feature")).hasSize(32);
    }

    @Test
    void refusesAMissingBundleWithAClearMessage() {
        CliRun run = run("embed", "--bundle", "/no/such/bundle", "--caption", "red");

        assertThat(run.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(run.err()).contains("model bundle /no/such/bundle is not a directory");
    }
}
