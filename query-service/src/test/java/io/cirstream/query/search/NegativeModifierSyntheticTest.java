package io.cirstream.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.eval.FeatureIndex;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.core.testkit.Integration;
import io.cirstream.demo.synth.SynthConfig;
import io.cirstream.demo.synth.SyntheticGenerator;
import io.cirstream.query.testkit.ModelParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the negative modifier on the synthetic set (CIRR layout, val split, reference removed from the ranking):
 * each query's negative caption names what the reference has and the target must not ("is blue" when the caption asks
 * for red), built from the generator's ground truth. Recall with the tiny bundle's Combiner, β = 0 (the plain query) to
 * 0.75, is printed; the test checks that β = 0 ranks exactly as the plain query does and that every query is measured.
 */
@Integration
class NegativeModifierSyntheticTest {

    private static final int PRODUCTS = 1_000;
    private static final double[] BETAS = {0, 0.25, 0.5, 0.75};
    private static final int[] AT = {1, 10, 50};

    @TempDir
    Path work;

    @Test
    void measuresRecallWithAndWithoutTheNegativeModifier() throws IOException {
        Path root = work.resolve("synth");
        new SyntheticGenerator(new SynthConfig(root, PRODUCTS, 0, 2, 64, 2), ProgressListener.NONE).generate();
        Map<String, Map<String, String>> truth = truth(root.resolve(SyntheticGenerator.TRUTH));
        CirDataset val =
                DatasetKind.CIRR.load(root.resolve(DatasetKind.SYNTHETIC_CIRR), "val", MissingImagePolicy.FAIL);

        try (ModelParts parts = new ModelParts();
                Combiner combiner =
                        Combiner.create(CombinerWeights.load(parts.bundle.combinerFile()), parts.runtime.device())) {
            List<ImageInput> images = new ArrayList<>();
            for (String name : val.index()) {
                images.add(new ImageInput(name, Files.readAllBytes(val.imagePath(name))));
            }
            float[][] features = parts.images.embed(images);
            Map<String, float[]> byName = new HashMap<>();
            for (int i = 0; i < features.length; i++) {
                byName.put(val.index().get(i), features[i]);
            }
            FeatureIndex index = FeatureIndex.of(val.index(), features);
            List<CirTriplet> queries =
                    val.triplets().stream().filter(CirTriplet::hasTarget).toList();
            List<String> captions = new ArrayList<>();
            List<String> negatives = new ArrayList<>();
            for (CirTriplet triplet : queries) {
                captions.add(triplet.captions().evaluation());
                negatives.add(negative(truth.get(triplet.reference()), truth.get(triplet.targetOrThrow())));
            }
            float[][] text = parts.texts.embed(captions);
            float[][] negativeText = parts.texts.embed(negatives);
            float[][] reference = new float[queries.size()][];
            for (int q = 0; q < queries.size(); q++) {
                reference[q] = byName.get(queries.get(q).reference());
            }
            float[][] plain = combiner.combine(text, reference);

            Map<Double, int[]> ranks = new LinkedHashMap<>();
            for (double beta : BETAS) {
                NegativeModifier modifier = new NegativeModifier(beta);
                int[] betaRanks = new int[queries.size()];
                for (int q = 0; q < queries.size(); q++) {
                    float[] query = beta == 0 ? plain[q] : modifier.apply(plain[q], negativeText[q]);
                    int excluded = index.indexOf(queries.get(q).reference());
                    betaRanks[q] =
                            index.rankOf(query, index.indexOf(queries.get(q).targetOrThrow()), i -> i == excluded);
                }
                ranks.put(beta, betaRanks);
            }
            StringJoiner table = new StringJoiner("\n");
            table.add("NegativeModifierSyntheticTest: synthetic val split (CIRR layout, " + PRODUCTS
                    + " products, seed 0), " + queries.size() + " queries over " + index.size()
                    + " images, tiny bundle's Combiner");
            table.add(String.format("%-6s %7s %7s %7s", "beta", "R@1", "R@10", "R@50"));
            ranks.forEach((beta, r) -> table.add(String.format(
                    "%-6.2f %7.2f %7.2f %7.2f", beta, recall(r, AT[0]), recall(r, AT[1]), recall(r, AT[2]))));
            System.out.println(table);

            assertThat(queries).hasSizeGreaterThan(50);
            int[] none = new int[queries.size()];
            for (int q = 0; q < queries.size(); q++) {
                int excluded = index.indexOf(queries.get(q).reference());
                none[q] = index.rankOf(plain[q], index.indexOf(queries.get(q).targetOrThrow()), i -> i == excluded);
            }
            assertThat(ranks.get(0.0)).containsExactly(none);
        }
    }

    /** "is blue and has long sleeves": the reference's value of every attribute that the target changes. */
    static String negative(Map<String, String> reference, Map<String, String> target) {
        StringJoiner text = new StringJoiner(" and ");
        reference.forEach((attribute, value) -> {
            if (!value.equals(target.get(attribute))) {
                text.add("is " + value);
            }
        });
        return text.length() == 0 ? "the same" : text.toString();
    }

    private static double recall(int[] ranks, int k) {
        long hits = java.util.Arrays.stream(ranks).filter(rank -> rank <= k).count();
        return 100.0 * hits / ranks.length;
    }

    private static Map<String, Map<String, String>> truth(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, String>> truth = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode node = json.readTree(line);
            Map<String, String> attributes = new LinkedHashMap<>();
            node.path("attributes")
                    .properties()
                    .forEach(entry ->
                            attributes.put(entry.getKey(), entry.getValue().asText()));
            truth.put(node.path("id").asText(), attributes);
        }
        return truth;
    }
}
