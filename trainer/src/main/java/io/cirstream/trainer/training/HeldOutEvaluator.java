package io.cirstream.trainer.training;

import ai.djl.Device;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.eval.FeatureIndex;
import io.cirstream.core.eval.RecallAtK;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Recall@1/5/10/50 of a Combiner on a {@link HeldOutSet}: each query's feature (the Combiner on its raw caption and
 * reference features) ranks the catalogue by cosine similarity to the normalised raw image features, its own
 * reference excluded; recall@k is the fraction of queries whose target ranks k or better. Ties rank the lower
 * catalogue index first ({@link FeatureIndex}). The trainer evaluates its epochs with it and the service's gate its
 * candidates, so both measure the same thing.
 */
public final class HeldOutEvaluator {

    /** Queries combined per forward pass. */
    static final int COMBINE_BATCH = 1024;

    private final Device device;

    /** An evaluator that runs the Combiner on {@code device}. */
    public HeldOutEvaluator(Device device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * The held-out metrics of {@code weights}: {@code recall_at_1}, {@code recall_at_5}, {@code recall_at_10},
     * {@code recall_at_50}, in [0, 1].
     *
     * @throws IllegalArgumentException if the set has no queries
     */
    public Map<String, Double> evaluate(CombinerWeights weights, HeldOutSet heldOut) {
        Objects.requireNonNull(weights, "weights");
        requireQueries(heldOut);
        try (Combiner combiner = Combiner.create(weights, device)) {
            return evaluate(combiner::combine, heldOut);
        }
    }

    /** The held-out metrics of whatever {@code combiner} computes (the trainer's live block in eval mode). */
    static Map<String, Double> evaluate(QueryCombiner combiner, HeldOutSet heldOut) {
        requireQueries(heldOut);
        List<HeldOutQuery> queries = heldOut.queries();
        float[][] features = new float[queries.size()][];
        for (int start = 0; start < queries.size(); start += COMBINE_BATCH) {
            int end = Math.min(queries.size(), start + COMBINE_BATCH);
            float[][] text = new float[end - start][];
            float[][] image = new float[end - start][];
            for (int i = start; i < end; i++) {
                text[i - start] = queries.get(i).caption();
                image[i - start] = queries.get(i).reference();
            }
            float[][] combined = combiner.combine(text, image);
            System.arraycopy(combined, 0, features, start, combined.length);
        }
        int[] targets = new int[queries.size()];
        List<IntPredicate> excluded = new ArrayList<>(queries.size());
        for (int i = 0; i < targets.length; i++) {
            HeldOutQuery query = queries.get(i);
            targets[i] = query.targetIndex();
            int reference = query.referenceIndex();
            excluded.add(reference == HeldOutQuery.NOT_IN_CATALOGUE ? index -> false : index -> index == reference);
        }
        int[] ranks = heldOut.catalogue().ranks(features, targets, excluded);
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (RecallMetric metric : RecallMetric.values()) {
            metrics.put(metric.key(), RecallAtK.of(ranks, metric.k()));
        }
        return Collections.unmodifiableMap(metrics);
    }

    private static void requireQueries(HeldOutSet heldOut) {
        if (heldOut.isEmpty()) {
            throw new IllegalArgumentException("the held-out set has no queries to evaluate on");
        }
    }

    /** Normalised query features of raw (text, image) feature rows. */
    @FunctionalInterface
    interface QueryCombiner {
        float[][] combine(float[][] text, float[][] image);
    }
}
