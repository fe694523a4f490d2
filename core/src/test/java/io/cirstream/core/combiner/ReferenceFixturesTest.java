package io.cirstream.core.combiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.combiner.CombinerFixtures.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The project's shared reference fixtures (fixtures/reference/combiner.json, written by tools/make_references.py):
 * the tiny bundle's Combiner and a CLIP4Cir-layout checkpoint, each run by PyTorch on the same 8 raw feature pairs.
 * Skipped where the fixtures are absent.
 */
class ReferenceFixturesTest {

    private static final Path FIXTURES = Path.of("..", "fixtures");
    private static final Path REFERENCE = FIXTURES.resolve("reference");
    /**
     * fp32 parity with PyTorch's eval-mode Combiner on the same weights and inputs, derived from the arithmetic by
     * tools/combiner_rounding.py: one adjoint pass per output element of the exact (float64) Combiner gives the
     * Hoeffding scale σ of its float32 rounding error (each rounding ≤ u = 2⁻²⁴, independent, of mean zero); the largest
     * over the fixtures is σ = 3.63e-6 (λ of clip4cir_d32), so two float32 evaluations on any CPU differ by at most
     * 2·8·σ = 5.8e-5 except with probability 2·exp(−32) per element.
     */
    static final double TOLERANCE = 5.9e-5;

    private JsonNode reference;
    private CombinerDims dims;

    @BeforeEach
    void readReference() throws IOException {
        Path json = REFERENCE.resolve("combiner.json");
        assumeThat(Files.exists(json))
                .as("fixtures/reference/combiner.json present")
                .isTrue();
        reference = new ObjectMapper().readTree(json.toFile());
        dims = new CombinerDims(
                reference.get("featureDim").asInt(),
                reference.get("projectionDim").asInt(),
                reference.get("hiddenDim").asInt());
    }

    @Test
    void bundleCombinerMatchesPyTorch() throws IOException {
        Path bundle = FIXTURES.resolve("tiny-bundle");
        assumeThat(Files.exists(bundle.resolve("manifest.json"))).isTrue();
        JsonNode manifest =
                new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assumeThat(manifest.get("combiner").get("version").asText())
                .as("combiner.json was made from this bundle's Combiner")
                .isEqualTo(reference.get("bundleCombinerVersion").asText());

        assertParity(bundle.resolve(manifest.get("combiner").get("file").asText()), reference);
    }

    @Test
    void clip4cirCheckpointMatchesPyTorch() throws IOException, NoSuchAlgorithmException {
        JsonNode checkpoint = reference.get("checkpoint");
        Path file = REFERENCE.resolve(checkpoint.get("file").asText());
        assertThat(sha256(file))
                .as("checkpoint file matches combiner.json")
                .isEqualTo(checkpoint.get("sha256").asText());

        List<String> keys = new ArrayList<>();
        checkpoint.get("keys").forEach(key -> keys.add(key.asText()));
        CombinerWeights weights = CombinerWeights.load(file);
        assertThat(weights.stateDict().keySet()).containsExactlyElementsOf(keys);
        weights.stateDict().forEach((key, tensor) -> assertThat(tensor.shape())
                .as(key)
                .containsExactly(ints(checkpoint.get("shapes").get(key))));

        assertParity(file, reference.get("checkpointOutputs"));
    }

    private void assertParity(Path weights, JsonNode expected) {
        Vectors inputs = new Vectors(
                dims.featureDim(),
                Vectors.matrix(reference.get("textFeatures")),
                Vectors.matrix(reference.get("imageFeatures")),
                Vectors.matrix(expected.get("outputs")),
                Vectors.vector(expected.get("lambda")));
        try (Combiner combiner = Combiner.load(weights, Device.cpu(), dims)) {
            Combination combination = combiner.combineWithLambdas(inputs.text(), inputs.image());

            double queryDelta = CombinerFixtures.maxAbsDifference(combination.queries(), inputs.query());
            double lambdaDelta = CombinerFixtures.maxAbsDifference(combination.lambdas(), inputs.lambda());
            System.out.printf(
                    "Combiner parity %s: max |dquery| = %.2e, max |dlambda| = %.2e%n",
                    weights.getFileName(), queryDelta, lambdaDelta);
            assertThat(queryDelta).isLessThanOrEqualTo(TOLERANCE);
            assertThat(lambdaDelta).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    private static int[] ints(JsonNode values) {
        int[] ints = new int[values.size()];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = values.get(i).asInt();
        }
        return ints;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
