package io.cirstream.trainer.dataset;

import io.cirstream.trainer.log.Triplet;
import io.cirstream.trainer.training.HeldOutQuery;
import io.cirstream.trainer.training.HeldOutSet;
import io.cirstream.trainer.training.TrainingExample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the training log into training examples and a held-out set: raw reference and target image features from a
 * catalogue snapshot of the vector store, raw caption features from the on-disk feature cache (encoding the captions it
 * has not seen), the deterministic split by triplet id, and the snapshot itself as the catalogue the held-out queries
 * rank. Triplets whose reference or target product is gone from the store are dropped and counted.
 */
public final class TrainingSetBuilder {

    /** How many dropped triplet ids a report names. */
    static final int DROPPED_EXAMPLES = 10;

    private final CaptionFeatures captions;
    private final HeldOutSplit split;

    public TrainingSetBuilder(CaptionFeatures captions, HeldOutSplit split) {
        this.captions = Objects.requireNonNull(captions, "captions");
        this.split = Objects.requireNonNull(split, "split");
    }

    /** The data of these triplets over this catalogue. */
    public TrainingData build(List<Triplet> triplets, CatalogueSnapshot catalogue) {
        List<Triplet> kept = new ArrayList<>();
        List<String> droppedExamples = new ArrayList<>();
        int dropped = 0;
        for (Triplet triplet : triplets) {
            if (catalogue.contains(triplet.referenceId()) && catalogue.contains(triplet.targetId())) {
                kept.add(triplet);
            } else {
                dropped++;
                if (droppedExamples.size() < DROPPED_EXAMPLES) {
                    droppedExamples.add(triplet.id());
                }
            }
        }
        List<String> unique =
                List.copyOf(kept.stream().map(Triplet::caption).collect(Collectors.toCollection(LinkedHashSet::new)));
        Map<String, float[]> byCaption = unique.isEmpty() ? Map.of() : captions.of(unique);
        Function<Triplet, float[]> caption = triplet -> byCaption.get(triplet.caption());

        HeldOutSplit.Split sides = split.split(kept);
        List<TrainingExample> training = new ArrayList<>(sides.training().size());
        for (Triplet triplet : sides.training()) {
            training.add(TrainingExample.of(
                    triplet.id(),
                    catalogue.rawFeature(triplet.referenceId()),
                    caption.apply(triplet),
                    catalogue.rawFeature(triplet.targetId())));
        }
        List<HeldOutQuery> queries = new ArrayList<>(sides.heldOut().size());
        for (Triplet triplet : sides.heldOut()) {
            queries.add(new HeldOutQuery(
                    triplet.id(),
                    catalogue.rawFeature(triplet.referenceId()),
                    caption.apply(triplet),
                    catalogue.indexOf(triplet.targetId()),
                    catalogue.indexOf(triplet.referenceId())));
        }
        HeldOutSet heldOut = new HeldOutSet(catalogue.index(), queries);
        return new TrainingData(training, heldOut, triplets.size(), dropped, droppedExamples, catalogue.size());
    }
}
