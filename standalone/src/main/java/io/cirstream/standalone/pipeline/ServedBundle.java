package io.cirstream.standalone.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The plain statement printed at start-up of which model serves and what its quality means. A bundle may say it
 * itself ({@code "description"} in its manifest, e.g. "fine-tuned on the synthetic catalogue"); the committed tiny
 * bundle (architecture {@value #TINY_ARCHITECTURE}) is said to have random-weight encoders.
 */
final class ServedBundle {

    /** The architecture name of the committed test bundle. */
    static final String TINY_ARCHITECTURE = "tiny";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServedBundle() {}

    static String statement(ModelBundle bundle) {
        String what = String.format(
                "model: bundle %s (%s, %d-d features; encoders %s, Combiner %s) from %s",
                bundle.name(),
                bundle.manifest().architecture(),
                bundle.featureDim(),
                bundle.encoderVersion(),
                bundle.hasCombiner() ? bundle.combinerVersion() : "none: queries wait for a trained version",
                bundle.directory());
        String quality = description(bundle.directory())
                .orElse(
                        TINY_ARCHITECTURE.equals(bundle.manifest().architecture())
                                ? "its encoders have RANDOM weights (a test fixture): the results are not semantically"
                                        + " meaningful; every part of the system is real (stream, index, retraining, hot"
                                        + " swap). Pass --bundle DIR for an exported CLIP4Cir bundle."
                                : "its quality is that of the checkpoints it was exported from (see its manifest).");
        return what + "\n  quality: " + quality;
    }

    private static Optional<String> description(Path directory) {
        try {
            JsonNode manifest =
                    JSON.readTree(directory.resolve(ModelBundle.MANIFEST).toFile());
            String text = manifest.path("description").asText("");
            return text.isBlank() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
