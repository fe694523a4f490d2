package io.cirstream.trainer.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.cache.EncoderKey;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.demo.synth.SynthConfig;
import io.cirstream.demo.synth.SyntheticGenerator;
import io.cirstream.trainer.training.HeldOutQuery;
import io.cirstream.trainer.training.TrainingExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training and held-out sets of the synthetic data set's two layouts, on the tiny bundle's features. */
class OfflineTrainingDataTest {

    private static final Path BUNDLE = Path.of("../fixtures/tiny-bundle");

    @TempDir
    static Path dir;

    private static Path synth;
    private static ModelBundle bundle;
    private static TorchRuntime.Resolved runtime;
    private static FeatureCache cache;

    @BeforeAll
    static void generate() throws IOException {
        synth = dir.resolve("synth");
        new SyntheticGenerator(new SynthConfig(synth, 120, 4, 2, 64, 2), ProgressListener.NONE).generate();
        bundle = ModelBundle.open(BUNDLE);
        runtime = TorchRuntime.Resolved.cpu(2);
        cache = FeatureCache.open(dir.resolve("cache"), EncoderKey.of(bundle, false, "cpu"));
    }

    @AfterAll
    static void closeCache() {
        cache.close();
    }

    @Test
    void fashionIqTrainsOnEveryCaptionFormAndKeepsTheReferenceInTheRanking() {
        DatasetKind kind = DatasetKind.SYNTHETIC;
        CirDataset train = kind.load(synth, "train", MissingImagePolicy.FAIL);
        CirDataset val = kind.load(synth, "val", MissingImagePolicy.FAIL);

        OfflineTrainingData data = build(kind, train, val, MissingImagePolicy.FAIL);

        assertThat(data.train()).hasSize(train.triplets().size());
        assertThat(data.train()).allMatch(example -> example.variantCount() == 4);
        Map<String, CirTriplet> triplets = byId(train);
        TrainingExample first = data.train().getFirst();
        assertThat(triplets.get(first.id()).captions().training()).hasSize(4);
        assertThat(data.heldOut().catalogue().size()).isEqualTo(val.index().size());
        assertThat(data.heldOut().queries()).hasSize(val.triplets().size());
        assertThat(data.heldOut().queries()).allMatch(query -> query.referenceIndex() == HeldOutQuery.NOT_IN_CATALOGUE);
        HeldOutQuery query = data.heldOut().queries().getFirst();
        assertThat(data.heldOut().catalogue().id(query.targetIndex()))
                .isEqualTo(byId(val).get(query.id()).target());
        assertThat(data.counts().trainDropped()).isZero();
        assertThat(data.counts().heldOutDropped()).isZero();
    }

    @Test
    void cirrRemovesTheReferenceFromItsRanking() {
        Path cirr = synth.resolve(DatasetKind.SYNTHETIC_CIRR);
        CirDataset train = DatasetKind.CIRR.load(cirr, "train", MissingImagePolicy.FAIL);
        CirDataset val = DatasetKind.CIRR.load(cirr, "val", MissingImagePolicy.FAIL);

        OfflineTrainingData data = build(DatasetKind.CIRR, train, val, MissingImagePolicy.FAIL);

        assertThat(data.train()).allMatch(example -> example.variantCount() == 1);
        Map<String, CirTriplet> triplets = byId(val);
        for (HeldOutQuery query : data.heldOut().queries()) {
            assertThat(data.heldOut().catalogue().id(query.referenceIndex()))
                    .isEqualTo(triplets.get(query.id()).reference());
        }
    }

    @Test
    void imagesThatCannotBeEmbeddedAreRefusedOrDroppedAndCounted() throws IOException {
        DatasetKind kind = DatasetKind.SYNTHETIC;
        CirDataset train = kind.load(synth, "train", MissingImagePolicy.FAIL);
        CirDataset val = kind.load(synth, "val", MissingImagePolicy.FAIL);
        CirTriplet victim = train.triplets().getFirst();
        Path broken = dir.resolve("broken.jpg");
        Files.writeString(broken, "not an image");
        Map<String, Path> images = new LinkedHashMap<>(train.images());
        images.put(victim.reference(), broken);
        CirDataset damaged =
                new CirDataset(train.name(), train.split(), train.index(), images, train.triplets(), train.report());

        assertThatThrownBy(() -> build(kind, damaged, val, MissingImagePolicy.FAIL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("could not be embedded")
                .hasMessageContaining("--missing-images skip");
        OfflineTrainingData skipped = build(kind, damaged, val, MissingImagePolicy.SKIP);
        long usingIt = train.triplets().stream()
                .filter(t -> t.reference().equals(victim.reference())
                        || victim.reference().equals(t.target()))
                .count();
        assertThat(skipped.counts().trainDropped()).isEqualTo((int) usingIt).isPositive();
        assertThat(skipped.train()).hasSize(train.triplets().size() - (int) usingIt);
    }

    private static OfflineTrainingData build(
            DatasetKind kind, CirDataset train, CirDataset val, MissingImagePolicy policy) {
        try (CachedEmbeddings embeddings = new CachedEmbeddings(
                () -> ImageEmbedder.open(bundle, runtime, ImageLimits.DEFAULTS),
                () -> TextEmbedder.open(bundle, runtime),
                cache,
                ProgressListener.NONE)) {
            return OfflineTrainingData.build(kind, train, val, embeddings, policy);
        }
    }

    private static Map<String, CirTriplet> byId(CirDataset dataset) {
        return dataset.triplets().stream().collect(Collectors.toMap(CirTriplet::id, Function.identity()));
    }
}
