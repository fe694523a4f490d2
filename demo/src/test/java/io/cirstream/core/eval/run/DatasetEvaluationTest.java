package io.cirstream.core.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.FeatureIndex;
import io.cirstream.core.eval.Fusion;
import io.cirstream.core.eval.cache.EncoderKey;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.CirrLoader;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.eval.protocol.CirrSubmission;
import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.eval.report.ReportWriter;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.demo.synth.SynthConfig;
import io.cirstream.demo.synth.SyntheticGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole evaluation on a generated synthetic set with the committed tiny bundle (real encoders, CPU). */
class DatasetEvaluationTest {

    private static final Path BUNDLE = Path.of("../fixtures/tiny-bundle");

    @TempDir
    static Path dir;

    static Path synth;
    static ModelBundle bundle;
    static TorchRuntime.Resolved runtime;

    @BeforeAll
    static void generate() throws IOException {
        synth = dir.resolve("synth");
        new SyntheticGenerator(new SynthConfig(synth, 240, 7, 2, 96, 2), ProgressListener.NONE).generate();
        bundle = ModelBundle.open(BUNDLE);
        runtime = TorchRuntime.Resolved.cpu(2);
    }

    private static CachedEmbeddings embeddings(FeatureCache cache) {
        return new CachedEmbeddings(
                () -> ImageEmbedder.open(bundle, runtime, ImageLimits.DEFAULTS),
                () -> TextEmbedder.open(bundle, runtime),
                cache,
                ProgressListener.NONE);
    }

    private static FeatureCache cache(String name) {
        return FeatureCache.open(dir.resolve(name), EncoderKey.of(bundle, false, "cpu"));
    }

    private static EvalReport.ModelInfo model() {
        return new EvalReport.ModelInfo(bundle.name(), bundle.encoderVersion(), null);
    }

    @Test
    void fashionIqLayoutSumEqualsTheProtocolOnDirectlyComputedFeaturesAndTheCacheRepeatsIt() throws IOException {
        DatasetEvaluation.Request request =
                new DatasetEvaluation.Request(DatasetKind.SYNTHETIC, synth, "val", Fusion.SUM, MissingImagePolicy.FAIL);
        EvalReport first;
        try (FeatureCache cache = cache("fashioniq-cache");
                CachedEmbeddings embeddings = embeddings(cache)) {
            first = new DatasetEvaluation(embeddings, null).evaluate(request, model(), "c");
            assertThat(embeddings.computed())
                    .isEqualTo(first.embedding().images() + first.embedding().captions());
        }
        EvalReport second;
        try (FeatureCache cache = cache("fashioniq-cache");
                CachedEmbeddings embeddings = embeddings(cache)) {
            second = new DatasetEvaluation(embeddings, null).evaluate(request, model(), "c");
            assertThat(embeddings.computed()).as("a second run embeds nothing").isZero();
        }
        assertThat(second.fashionIq()).isEqualTo(first.fashionIq());

        // by hand: dress-or-first category, recomputed from the encoders without the cache
        CirDataset unit = DatasetKind.SYNTHETIC.evaluationUnits(synth, "val", MissingImagePolicy.FAIL).stream()
                .filter(d -> !d.triplets().isEmpty())
                .findFirst()
                .orElseThrow();
        int hits10 = 0;
        try (ImageEmbedder images = ImageEmbedder.open(bundle, runtime, ImageLimits.DEFAULTS);
                TextEmbedder texts = TextEmbedder.open(bundle, runtime)) {
            float[][] index = new float[unit.index().size()][];
            for (int i = 0; i < index.length; i++) {
                index[i] = images.embed(input(unit.imagePath(unit.index().get(i))));
            }
            FeatureIndex exact = FeatureIndex.of(unit.index(), index);
            for (CirTriplet t : unit.triplets()) {
                float[] reference = images.embed(input(unit.imagePath(t.reference())));
                float[] caption = texts.embed(t.captions().evaluation());
                float[] query = Fusion.SUM.compose(new float[][] {caption}, new float[][] {reference}, null)[0];
                hits10 += exact.rankOf(query, exact.indexOf(t.target())) <= 10 ? 1 : 0;
            }
        }
        double expected = 100.0 * hits10 / unit.triplets().size();
        assertThat(first.fashionIq().categories().get(0).recallAt10()).isCloseTo(expected, within(1e-9));
        assertThat(first.curves()).hasSize(first.fashionIq().categories().size());
    }

    @Test
    void combinerFusionAndTheCirrLayoutWithReportFiles() throws IOException {
        Path cirr = synth.resolve("cirr");
        try (FeatureCache cache = cache("cirr-cache");
                CachedEmbeddings embeddings = embeddings(cache);
                Combiner combiner = Combiner.load(bundle.combinerFile(), runtime.device())) {
            DatasetEvaluation evaluation = new DatasetEvaluation(embeddings, combiner);
            EvalReport report = evaluation.evaluate(
                    new DatasetEvaluation.Request(
                            DatasetKind.CIRR, cirr, "val", Fusion.COMBINER, MissingImagePolicy.FAIL),
                    model(),
                    null);
            assertThat(report.cirr().queries())
                    .isEqualTo(new CirrLoader(cirr, MissingImagePolicy.FAIL)
                            .load("val")
                            .triplets()
                            .size());
            assertThat(report.cirr().targetsNotRankable()).isZero();
            assertThat(report.cirr().subsetRecallAt3())
                    .isGreaterThanOrEqualTo(report.cirr().subsetRecallAt1());
            assertThat(report.cirr().average())
                    .isCloseTo((report.cirr().recallAt5() + report.cirr().subsetRecallAt1()) / 2, within(1e-9));
            ReportWriter.write(report, dir.resolve("report"));
            assertThat(ReportWriter.read(dir.resolve("report/report.json"))).isEqualTo(report);
            assertThat(Files.readString(dir.resolve("report/report.txt"))).contains("R@1", "Rs@1", "Avg");
            assertThat(Files.readString(dir.resolve("report/recall.svg")))
                    .startsWith("<svg")
                    .contains("subset");

            CirrSubmission.SubmissionFiles files = evaluation.submission(
                    new DatasetEvaluation.Request(
                            DatasetKind.CIRR, cirr, "test1", Fusion.COMBINER, MissingImagePolicy.FAIL),
                    dir.resolve("submission"),
                    "synthetic");
            JsonNode recall = new ObjectMapper().readTree(files.recall().toFile());
            JsonNode subset = new ObjectMapper().readTree(files.recallSubset().toFile());
            assertThat(recall.get("version").asText()).isEqualTo("rc2");
            assertThat(recall.get("metric").asText()).isEqualTo("recall");
            assertThat(subset.get("metric").asText()).isEqualTo("recall_subset");
            CirDataset test = new CirrLoader(cirr, MissingImagePolicy.FAIL).load("test1");
            assertThat(recall.size()).isEqualTo(test.triplets().size() + 2);
            for (CirTriplet t : test.triplets()) {
                JsonNode top = recall.get(t.id());
                assertThat(top.size())
                        .isEqualTo(Math.min(CirrSubmission.TOP, test.index().size() - 1));
                Set<String> names = new HashSet<>();
                top.forEach(n -> names.add(n.asText()));
                assertThat(names).hasSize(top.size()).doesNotContain(t.reference());
                List<String> subsetNames = List.of(
                        subset.get(t.id()).get(0).asText(),
                        subset.get(t.id()).get(1).asText(),
                        subset.get(t.id()).get(2).asText());
                assertThat(t.subsetCandidates()).containsAll(subsetNames);
            }
        }
    }

    private static ImageInput input(Path file) throws IOException {
        return new ImageInput(file.toString(), Files.readAllBytes(file));
    }
}
