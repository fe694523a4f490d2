package io.cirstream.query.search;

import io.cirstream.query.model.ServingCombiner;
import java.util.Objects;
import java.util.Optional;

/**
 * One query's share of a composition batch.
 *
 * @param caption the caption to encode (or take from the cache)
 * @param negativeCaption the negative modifier's text, if any
 * @param image the reference's raw image feature
 * @param combiner the Combiner version to compose with
 */
public record ComposeRequest(
        String caption, Optional<String> negativeCaption, float[] image, ServingCombiner combiner) {
    public ComposeRequest {
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(negativeCaption, "negativeCaption");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(combiner, "combiner");
    }
}
