package io.cirstream.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.InvalidInputException;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class FeatureIndexTest {

    // Raw features of different lengths: the index compares directions only.
    private static final float[][] FEATURES = {
        {10, 0}, // a: angle 0
        {0, 3}, // b: angle 90
        {2, 2}, // c: angle 45
        {-5, 0}, // d: angle 180
        {1, 1}, // e: angle 45, ties with c
    };
    private static final List<String> IDS = List.of("a", "b", "c", "d", "e");

    private final FeatureIndex index = FeatureIndex.of(IDS, FEATURES);

    @Test
    void scoresAreCosinesOfRawFeatures() {
        float[] scores = index.scores(new float[] {7, 0});
        assertThat(scores[0]).isEqualTo(1f);
        assertThat(scores[1]).isEqualTo(0f);
        assertThat(scores[2]).isCloseTo((float) Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(scores[3]).isEqualTo(-1f);
        assertThat(index.indexOf("d")).isEqualTo(3);
        assertThat(index.indexOf("zz")).isEqualTo(-1);
    }

    @Test
    void ranksByDescendingScoreAndLowerIndexFirstAtTies() {
        float[] query = {1, 1}; // c and e score 1, then a and b (0.707, tie), then d
        assertThat(index.rankOf(query, 2)).isEqualTo(1);
        assertThat(index.rankOf(query, 4)).isEqualTo(2);
        assertThat(index.rankOf(query, 0)).isEqualTo(3);
        assertThat(index.rankOf(query, 1)).isEqualTo(4);
        assertThat(index.rankOf(query, 3)).isEqualTo(5);
        assertThat(index.topK(query, 5, i -> false)).containsExactly(2, 4, 0, 1, 3);
        assertThat(index.topK(query, 2, i -> false)).containsExactly(2, 4);
    }

    @Test
    void excludedEntriesAreSkippedAndAnExcludedOrMissingTargetIsAbsent() {
        float[] query = {1, 1};
        IntPredicate withoutC = i -> i == 2;
        assertThat(index.rankOf(query, 4, withoutC)).isEqualTo(1);
        assertThat(index.rankOf(query, 3, withoutC)).isEqualTo(4);
        assertThat(index.rankOf(query, 2, withoutC)).isEqualTo(FeatureIndex.ABSENT);
        assertThat(index.rankOf(query, -1)).isEqualTo(FeatureIndex.ABSENT);
        assertThat(index.topK(query, 10, withoutC)).containsExactly(4, 0, 1, 3);
    }

    @Test
    void batchedRanksEqualSingleRanks() {
        Random random = new Random(3);
        int n = 300;
        float[][] features = new float[n][16];
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 16; d++) {
                features[i][d] = (float) random.nextGaussian();
            }
            ids.add("p" + i);
        }
        FeatureIndex big = FeatureIndex.of(ids, features);
        float[][] queries = new float[50][];
        int[] targets = new int[50];
        List<IntPredicate> excluded = new java.util.ArrayList<>();
        for (int q = 0; q < 50; q++) {
            queries[q] = features[random.nextInt(n)].clone();
            queries[q][0] += 0.5f;
            targets[q] = random.nextInt(n);
            int reference = q;
            excluded.add(i -> i == reference);
        }

        int[] ranks = big.ranks(queries, targets, excluded);

        for (int q = 0; q < 50; q++) {
            assertThat(ranks[q]).isEqualTo(big.rankOf(queries[q], targets[q], excluded.get(q)));
            if (ranks[q] != FeatureIndex.ABSENT && ranks[q] <= 20) {
                assertThat(big.topK(queries[q], 20, excluded.get(q))[ranks[q] - 1])
                        .isEqualTo(targets[q]);
            }
        }
    }

    @Test
    void recallCountsRanksWithinKAndNeverAbsentOnes() {
        int[] ranks = {1, 5, 10, 11, 50, FeatureIndex.ABSENT};
        assertThat(RecallAtK.of(ranks, 1)).isEqualTo(1.0 / 6);
        assertThat(RecallAtK.of(ranks, 10)).isEqualTo(3.0 / 6);
        assertThat(RecallAtK.of(ranks, 50)).isEqualTo(5.0 / 6);
        assertThatThrownBy(() -> RecallAtK.of(new int[0], 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RecallAtK.of(ranks, 0)).hasMessage("recall@K needs K >= 1, got 0");
    }

    @Test
    void refusesInconsistentInput() {
        assertThatThrownBy(() -> FeatureIndex.of(List.of("a", "a"), new float[][] {{1}, {2}}))
                .hasMessage("id 'a' appears twice in the index");
        assertThatThrownBy(() -> FeatureIndex.of(List.of("a", "b"), new float[][] {{1, 0}, {2}}))
                .hasMessage("feature of 'b' has dimension 1 but the collection expects 2");
        assertThatThrownBy(() -> FeatureIndex.of(List.of("a"), new float[][] {{0, 0}}))
                .hasMessageContaining("zero vector");
        assertThatThrownBy(() -> index.scores(new float[] {1, 2, 3}))
                .hasMessage("query has dimension 3 but the collection expects 2");
    }
}
