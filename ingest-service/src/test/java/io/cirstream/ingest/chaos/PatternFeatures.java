package io.cirstream.ingest.chaos;

import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TorchRuntime;
import java.nio.file.Path;
import java.util.List;

/** What the bundle's image encoder makes of each of the catalogue's images: what the store must hold. */
final class PatternFeatures {

    private PatternFeatures() {}

    static float[][] of(Path bundle, List<byte[]> images) {
        try (ImageEmbedder embedder = ImageEmbedder.open(
                ModelBundle.open(bundle),
                TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu")),
                ImageLimits.DEFAULTS)) {
            float[][] features = new float[images.size()][];
            for (int i = 0; i < images.size(); i++) {
                features[i] = embedder.embed(new ImageInput("pattern " + i, images.get(i)));
            }
            return features;
        }
    }
}
