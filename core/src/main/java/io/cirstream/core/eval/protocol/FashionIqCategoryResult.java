package io.cirstream.core.eval.protocol;

/**
 * FashionIQ's numbers for one category (percent).
 *
 * @param category the category
 * @param queries the triplets scored
 * @param indexSize the candidate images (the category's split images, the reference kept among them)
 * @param targetsNotInIndex queries whose target is not in the index (a miss at every K)
 * @param recallAt10 Recall@10
 * @param recallAt50 Recall@50
 */
public record FashionIqCategoryResult(
        String category, int queries, int indexSize, int targetsNotInIndex, double recallAt10, double recallAt50) {}
