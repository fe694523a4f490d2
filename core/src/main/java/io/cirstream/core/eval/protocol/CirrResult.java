package io.cirstream.core.eval.protocol;

/**
 * CIRR's published numbers (percent), the reference removed from every ranking.
 *
 * @param queries the triplets scored
 * @param indexSize the candidate images (the split's images)
 * @param targetsNotRankable queries whose target cannot be retrieved: not in the index, or the reference itself
 * @param targetsNotInSubset queries whose target is not among the image set's members (besides the reference)
 * @param recallAt1 Recall@1
 * @param recallAt5 Recall@5
 * @param recallAt10 Recall@10
 * @param recallAt50 Recall@50
 * @param subsetRecallAt1 Recall_subset@1: ranking among the image set's members, the reference removed
 * @param subsetRecallAt2 Recall_subset@2
 * @param subsetRecallAt3 Recall_subset@3
 * @param average {@code (R@5 + Recall_subset@1) / 2}
 */
public record CirrResult(
        int queries,
        int indexSize,
        int targetsNotRankable,
        int targetsNotInSubset,
        double recallAt1,
        double recallAt5,
        double recallAt10,
        double recallAt50,
        double subsetRecallAt1,
        double subsetRecallAt2,
        double subsetRecallAt3,
        double average) {}
