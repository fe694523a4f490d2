package io.cirstream.query.search;

import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.query.model.CombinerVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What answers queries against one encoder version's collection: its image and text encoders, the Combiner versions
 * trained on them, the micro-batched composer and the caption cache (a caption's feature depends on the text encoder,
 * so each version has its own). A query takes one set and uses only it, so a query is never composed with one
 * version's encoders and searched in another's features.
 */
public record EncoderSet(
        String encoderVersion,
        TextEmbedder texts,
        ImageEmbedder images,
        CombinerVersions combiners,
        MicroBatcher<ComposeRequest, float[]> composer,
        TextFeatureCache cache)
        implements AutoCloseable {

    public EncoderSet {
        Objects.requireNonNull(encoderVersion, "encoderVersion");
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(combiners, "combiners");
        Objects.requireNonNull(composer, "composer");
        Objects.requireNonNull(cache, "cache");
    }

    /** Closes the composer first (its queued work done), then the Combiners and the encoders. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (AutoCloseable part : List.<AutoCloseable>of(composer, combiners, images, texts)) {
            try {
                part.close();
            } catch (Exception e) {
                failures.add(new IllegalStateException("closing " + part + " failed", e));
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }
}
