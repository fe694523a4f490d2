package io.cirstream.trainer.training;

import io.cirstream.core.eval.FeatureIndex;
import java.util.List;
import java.util.Objects;

/**
 * What a Combiner is evaluated on: a catalogue of raw image features and held-out queries whose targets are in it.
 * Each query ranks the whole catalogue except its own reference.
 *
 * @param catalogue the raw image features of the catalogue products
 * @param queries the held-out queries; may be empty (a run then trains every epoch and keeps the last)
 */
public record HeldOutSet(FeatureIndex catalogue, List<HeldOutQuery> queries) {

    public HeldOutSet {
        Objects.requireNonNull(catalogue, "catalogue");
        queries = List.copyOf(queries);
        for (HeldOutQuery query : queries) {
            if (query.reference().length != catalogue.dimension()) {
                throw new IllegalArgumentException("held-out query %s has features of dimension %d, the catalogue %d"
                        .formatted(query.id(), query.reference().length, catalogue.dimension()));
            }
            if (query.targetIndex() >= catalogue.size() || query.referenceIndex() >= catalogue.size()) {
                throw new IllegalArgumentException(
                        "held-out query %s points at catalogue entry %d (target) / %d (reference), the catalogue has %d"
                                .formatted(query.id(), query.targetIndex(), query.referenceIndex(), catalogue.size()));
            }
        }
    }

    /** Whether there is nothing to evaluate on. */
    public boolean isEmpty() {
        return queries.isEmpty();
    }

    /** The number of held-out queries. */
    public int size() {
        return queries.size();
    }
}
