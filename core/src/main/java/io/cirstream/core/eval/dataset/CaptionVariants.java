package io.cirstream.core.eval.dataset;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The texts one triplet's caption becomes: the single text evaluation uses, and the forms training samples from (one
 * per epoch, uniformly). CIRR has one caption, used as it is for both; FashionIQ has the forms of
 * {@link FashionIqCaptions}.
 *
 * @param evaluation the query text of the published evaluation protocol
 * @param training the training forms (at least one); index 0 is the form closest to the evaluation text
 */
public record CaptionVariants(String evaluation, List<String> training) {

    public CaptionVariants {
        Objects.requireNonNull(evaluation, "evaluation");
        training = List.copyOf(training);
        if (training.isEmpty()) {
            throw new IllegalArgumentException("a caption needs at least one training form");
        }
    }

    /** One caption used as it is, for evaluation and training (CIRR). */
    public static CaptionVariants single(String caption) {
        return new CaptionVariants(caption, List.of(caption));
    }

    /** One training form drawn uniformly: CLIP4Cir's per-epoch caption sampling. */
    public String sample(RandomGenerator random) {
        return training.size() == 1 ? training.get(0) : training.get(random.nextInt(training.size()));
    }
}
