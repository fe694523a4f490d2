package io.cirstream.core.eval.protocol;

import java.util.List;

/**
 * FashionIQ's published numbers (percent): per category, the means over the categories, and
 * {@code Avg = (meanR@10 + meanR@50) / 2}.
 *
 * @param categories per-category results, in evaluation order
 * @param meanRecallAt10 mean of the categories' Recall@10
 * @param meanRecallAt50 mean of the categories' Recall@50
 * @param average the mean of the two means
 */
public record FashionIqResult(
        List<FashionIqCategoryResult> categories, double meanRecallAt10, double meanRecallAt50, double average) {

    public FashionIqResult {
        categories = List.copyOf(categories);
    }
}
