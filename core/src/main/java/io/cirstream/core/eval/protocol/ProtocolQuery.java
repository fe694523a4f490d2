package io.cirstream.core.eval.protocol;

import java.util.List;
import java.util.Objects;

/**
 * One composed query to score: the query feature (any length: the index normalises it) with the names the protocol
 * needs.
 *
 * @param id the triplet id (CIRR's pairid)
 * @param reference the reference image's name
 * @param target the target image's name; null on a split without targets (CIRR test1)
 * @param feature the composed query feature
 * @param subset CIRR's image set (the reference among them); empty for FashionIQ
 */
public record ProtocolQuery(String id, String reference, String target, float[] feature, List<String> subset) {

    public ProtocolQuery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(feature, "feature");
        subset = List.copyOf(subset);
    }
}
