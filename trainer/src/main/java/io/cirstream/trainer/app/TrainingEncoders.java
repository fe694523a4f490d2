package io.cirstream.trainer.app;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.cache.EncoderKey;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.trainer.dataset.HeldOutSplit;
import io.cirstream.trainer.dataset.TrainingSetBuilder;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The encoders the trainer trains Combiners for: one model bundle's encoder version and Combiner shape, its text
 * encoder behind the on-disk caption feature cache of that encoder key, the training-set builder that uses them, and
 * what serves for these encoders ({@link ServingVersions}: the latest announced Combiner trained on them, else the
 * bundle's own). The text encoder is only loaded when a caption is not cached.
 */
public final class TrainingEncoders implements AutoCloseable {

    private final String version;
    private final CombinerDims dims;
    private final FeatureCache textCache;
    private final CachedEmbeddings captions;
    private final TrainingSetBuilder builder;
    private final ServingVersions serving;

    private TrainingEncoders(
            ModelBundle bundle,
            FeatureCache textCache,
            CachedEmbeddings captions,
            HeldOutSplit split,
            ServingVersions serving) {
        this.version = bundle.encoderVersion();
        this.dims = bundle.combinerDims();
        this.textCache = textCache;
        this.captions = captions;
        this.builder = new TrainingSetBuilder(captions::captions, split);
        this.serving = serving;
    }

    /**
     * Opens the bundle's encoders for training.
     *
     * @param textCacheRoot the caption feature cache's root (one directory per encoder key below it)
     * @param combiners the trainer's registry of announced Combiner versions
     */
    static TrainingEncoders open(
            ModelBundle bundle,
            TorchRuntime.Resolved runtime,
            Path textCacheRoot,
            HeldOutSplit split,
            ModelRegistry combiners) {
        Objects.requireNonNull(bundle, "bundle");
        Optional<ServingVersion> bundleCombiner = bundle.hasCombiner()
                ? Optional.of(new ServingVersion(
                        "bundle:" + bundle.combinerVersion(),
                        Optional.empty(),
                        CombinerWeights.load(bundle.combinerFile())))
                : Optional.empty();
        FeatureCache cache = FeatureCache.open(
                textCacheRoot,
                EncoderKey.of(bundle, runtime.fp16(), runtime.device().getDeviceType()));
        CachedEmbeddings captions = new CachedEmbeddings(
                () -> {
                    throw new IllegalStateException("the trainer embeds no images: they come from the store");
                },
                () -> TextEmbedder.open(bundle, runtime),
                cache,
                ProgressListener.NONE);
        return new TrainingEncoders(
                bundle,
                cache,
                captions,
                split,
                new ServingVersions(combiners, bundle.encoderVersion(), bundle.combinerDims(), bundleCombiner));
    }

    /** The encoder version: the store collection the catalogue features must come from, and what versions name. */
    public String version() {
        return version;
    }

    /** The Combiner shape for these encoders' features. */
    public CombinerDims dims() {
        return dims;
    }

    /** Turns triplets into training data with these encoders' caption features. */
    public TrainingSetBuilder builder() {
        return builder;
    }

    /** The caption feature cache of these encoders (for the report's counts). */
    public FeatureCache textCache() {
        return textCache;
    }

    /** What serves for these encoders now, which a candidate must beat and may warm-start from. */
    public Optional<ServingVersion> serving() {
        return serving.get();
    }

    @Override
    public void close() {
        try {
            captions.close();
        } finally {
            textCache.close();
        }
    }

    @Override
    public String toString() {
        return "encoders " + version;
    }
}
