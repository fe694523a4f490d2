package io.cirstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import ai.djl.Device;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.eval.FeatureIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeldOutEvaluatorTest {

    private static final FeatureIndex CATALOGUE =
            FeatureIndex.of(List.of("e0", "e1", "e2", "e3"), new float[][] {{1, 0}, {0.9f, 0.1f}, {0, 1}, {-1, 0}});

    /** The caption's own feature as the query: the ranking and recall arithmetic without a Combiner. */
    private static final HeldOutEvaluator.QueryCombiner CAPTION_AS_QUERY = (text, image) -> text;

    @Test
    void theReferenceIsLeftOutOfItsOwnRanking() {
        // (1,0) ranks e0 first; e0 is the reference, so the target e1 ranks first among the rest
        HeldOutQuery query = new HeldOutQuery("q", new float[] {1, 0}, new float[] {1, 0}, 1, 0);
        HeldOutQuery notInCatalogue = new HeldOutQuery("q2", new float[] {1, 0}, new float[] {1, 0}, 1, -1);

        assertThat(HeldOutEvaluator.evaluate(CAPTION_AS_QUERY, new HeldOutSet(CATALOGUE, List.of(query))))
                .contains(entry("recall_at_1", 1.0));
        assertThat(HeldOutEvaluator.evaluate(CAPTION_AS_QUERY, new HeldOutSet(CATALOGUE, List.of(notInCatalogue))))
                .contains(entry("recall_at_1", 0.0), entry("recall_at_5", 1.0));
    }

    @Test
    void recallAtKIsTheShareOfTargetsRankedKOrBetter() {
        // (0,1): e2 1.0, e1 0.11, e0 0 and e3 0 (equal scores: the lower index first), so e3 ranks 4th
        List<HeldOutQuery> queries = List.of(
                new HeldOutQuery("first", new float[] {1, 0}, new float[] {1, 0}, 1, 0),
                new HeldOutQuery("fourth", new float[] {0, 1}, new float[] {0, 1}, 3, -1));

        Map<String, Double> metrics = HeldOutEvaluator.evaluate(CAPTION_AS_QUERY, new HeldOutSet(CATALOGUE, queries));

        assertThat(metrics)
                .containsExactly(
                        entry("recall_at_1", 0.5),
                        entry("recall_at_5", 1.0),
                        entry("recall_at_10", 1.0),
                        entry("recall_at_50", 1.0));
    }

    @Test
    void combinesManyQueriesInBatches() {
        HeldOutQuery query = new HeldOutQuery("q", new float[] {1, 0}, new float[] {1, 0}, 1, 0);
        List<HeldOutQuery> queries = Collections.nCopies(HeldOutEvaluator.COMBINE_BATCH + 5, query);
        AtomicInteger calls = new AtomicInteger();

        Map<String, Double> metrics = HeldOutEvaluator.evaluate(
                (text, image) -> {
                    calls.incrementAndGet();
                    return text;
                },
                new HeldOutSet(CATALOGUE, queries));

        assertThat(calls).hasValue(2);
        assertThat(metrics.get("recall_at_1")).isEqualTo(1.0);
    }

    @Test
    void scoresACombinerAsABruteForceRankingDoes() {
        SyntheticTriplets data = SyntheticTriplets.create(8, 0, 60, 80, 11);
        CombinerWeights weights = PyTorchDefaultInit.weights(CombinerDims.ofFeatureDim(8), 3);

        Map<String, Double> metrics = new HeldOutEvaluator(Device.cpu()).evaluate(weights, data.heldOut());

        List<Integer> ranks = new ArrayList<>();
        FeatureIndex catalogue = data.heldOut().catalogue();
        try (Combiner combiner = Combiner.create(weights, Device.cpu())) {
            for (HeldOutQuery query : data.heldOut().queries()) {
                float[] feature = combiner.combine(query.caption(), query.reference());
                float[] scores = catalogue.scores(feature);
                int rank = 1;
                for (int i = 0; i < scores.length; i++) {
                    boolean ahead = scores[i] > scores[query.targetIndex()]
                            || (scores[i] == scores[query.targetIndex()] && i < query.targetIndex());
                    if (i != query.referenceIndex() && i != query.targetIndex() && ahead) {
                        rank++;
                    }
                }
                ranks.add(rank);
            }
        }
        for (RecallMetric metric : RecallMetric.values()) {
            double expected = ranks.stream().filter(r -> r <= metric.k()).count() / (double) ranks.size();
            assertThat(metrics.get(metric.key())).as(metric.key()).isEqualTo(expected);
        }
    }

    @Test
    void refusesAnEmptySetAndQueriesOutsideTheCatalogue() {
        assertThatThrownBy(() -> new HeldOutEvaluator(Device.cpu())
                        .evaluate(
                                PyTorchDefaultInit.weights(CombinerDims.ofFeatureDim(2), 0),
                                new HeldOutSet(CATALOGUE, List.of())))
                .hasMessageContaining("no queries");
        assertThatThrownBy(() -> new HeldOutSet(
                        CATALOGUE, List.of(new HeldOutQuery("far", new float[] {1, 0}, new float[] {1, 0}, 9, 0))))
                .hasMessageContaining("far")
                .hasMessageContaining("catalogue has 4");
        assertThatThrownBy(() ->
                        new HeldOutSet(CATALOGUE, List.of(new HeldOutQuery("3d", new float[3], new float[3], 1, 0))))
                .hasMessageContaining("dimension 3");
    }
}
