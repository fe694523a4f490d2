package io.cirstream.core.eval.dataset;

import java.util.List;
import java.util.Objects;

/**
 * One composed-retrieval query of a dataset: a reference image, a relative caption and (except on test splits) the
 * target image, by name.
 *
 * @param id a stable id: CIRR's {@code pairid} as a string, {@code <category>.<split>.<entry>} for FashionIQ
 * @param category the FashionIQ category ({@code dress}, {@code shirt}, {@code toptee}, or a synthetic one); empty
 *     for CIRR
 * @param reference the reference image's name
 * @param target the target image's name, or null where the split withholds it (CIRR test1, FashionIQ test)
 * @param captions the evaluation text and the training forms
 * @param rawCaptions the caption(s) exactly as released (FashionIQ: two, CIRR: one)
 * @param subset CIRR's {@code img_set.members} (six names, the reference among them); empty for FashionIQ
 */
public record CirTriplet(
        String id,
        String category,
        String reference,
        String target,
        CaptionVariants captions,
        List<String> rawCaptions,
        List<String> subset) {

    public CirTriplet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(captions, "captions");
        rawCaptions = List.copyOf(rawCaptions);
        subset = List.copyOf(subset);
    }

    /** Whether the split tells the target (not on CIRR test1 or FashionIQ test). */
    public boolean hasTarget() {
        return target != null;
    }

    /** The target's name; throws on a split without targets. */
    public String targetOrThrow() {
        if (target == null) {
            throw new IllegalStateException("triplet " + id + " has no target (a test split withholds it)");
        }
        return target;
    }

    /** The subset members a Recall_subset ranking runs over: {@link #subset} without the reference. */
    public List<String> subsetCandidates() {
        return subset.stream()
                .filter(name -> !name.equals(reference))
                .distinct()
                .toList();
    }
}
