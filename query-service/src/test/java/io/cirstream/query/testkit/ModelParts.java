package io.cirstream.query.testkit;

import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.testkit.Repository;
import io.cirstream.query.model.CombinerVersions;
import io.cirstream.query.model.ServingCombiner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The committed tiny bundle's encoders and Combiner on the CPU, for tests (one per test class). */
public final class ModelParts implements AutoCloseable {

    public static final Path BUNDLE = Repository.file("fixtures/tiny-bundle");

    /** Limits small enough to test: 200 kB, 100,000 pixels. */
    public static final ImageLimits IMAGE_LIMITS = new ImageLimits(200_000, 100_000);

    public final ModelBundle bundle;
    public final TorchRuntime.Resolved runtime;
    public final TextEmbedder texts;
    public final ImageEmbedder images;

    public ModelParts() {
        bundle = ModelBundle.open(BUNDLE, true);
        runtime = TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu"));
        texts = TextEmbedder.open(bundle, runtime);
        images = ImageEmbedder.open(bundle, runtime, IMAGE_LIMITS);
    }

    /** The bundle's Combiner's version name as the service serves it. */
    public String bundleVersion() {
        return "bundle:" + bundle.combinerVersion();
    }

    /** Combiner versions with the bundle's Combiner serving. */
    public CombinerVersions combinerVersions() {
        return new CombinerVersions(
                Optional.of(new ServingCombiner(
                        bundleVersion(),
                        Combiner.create(CombinerWeights.load(bundle.combinerFile()), runtime.device()),
                        Optional.empty())),
                runtime.device(),
                4,
                Clock.systemUTC(),
                serving -> {});
    }

    @Override
    public void close() {
        images.close();
        texts.close();
    }
}
