package io.cirstream.core.eval.protocol;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.eval.FeatureIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * FashionIQ's protocol (CLIP4Cir's {@code compute_fiq_val_metrics}): each category is ranked on its own, over that
 * category's split images with the reference <b>kept</b> among the candidates; Recall@10 and @50 per category, their
 * means over the categories, and {@code Avg = (meanR@10 + meanR@50) / 2}. A target that is not in the index is a miss
 * at every K (the released code would stop on it; cirstream counts it and says how many there were).
 */
public final class FashionIqProtocol {

    /** The K values of the protocol. */
    public static final int[] KS = {10, 50};

    private FashionIqProtocol() {}

    /** One category's index and queries. */
    public record Category(String name, FeatureIndex index, List<ProtocolQuery> queries) {
        public Category {
            queries = List.copyOf(queries);
        }
    }

    public static FashionIqResult evaluate(List<Category> categories) {
        if (categories.isEmpty()) {
            throw new InvalidInputException("FashionIQ evaluation needs at least one category");
        }
        List<FashionIqCategoryResult> results = new ArrayList<>();
        for (Category category : categories) {
            results.add(evaluate(category));
        }
        return combine(results);
    }

    /** One category: ranks with the reference kept. */
    public static FashionIqCategoryResult evaluate(Category category) {
        return result(category, ranks(category));
    }

    /** The means and the average of per-category results. */
    public static FashionIqResult combine(List<FashionIqCategoryResult> results) {
        if (results.isEmpty()) {
            throw new InvalidInputException("FashionIQ evaluation needs at least one category");
        }
        double mean10 = results.stream()
                .mapToDouble(FashionIqCategoryResult::recallAt10)
                .average()
                .orElseThrow();
        double mean50 = results.stream()
                .mapToDouble(FashionIqCategoryResult::recallAt50)
                .average()
                .orElseThrow();
        return new FashionIqResult(results, mean10, mean50, (mean10 + mean50) / 2);
    }

    /** One category's numbers from its ranks ({@link #ranks}). */
    public static FashionIqCategoryResult result(Category category, int[] ranks) {
        int missing = 0;
        for (ProtocolQuery query : category.queries()) {
            missing += category.index().indexOf(target(query)) < 0 ? 1 : 0;
        }
        return new FashionIqCategoryResult(
                category.name(),
                ranks.length,
                category.index().size(),
                missing,
                Percent.recall(ranks, KS[0]),
                Percent.recall(ranks, KS[1]));
    }

    /** The 1-based rank of every query's target ({@link FeatureIndex#ABSENT} when it is not in the index). */
    public static int[] ranks(Category category) {
        List<ProtocolQuery> queries = category.queries();
        if (queries.isEmpty()) {
            throw new InvalidInputException("FashionIQ category " + category.name() + " has no queries");
        }
        float[][] features = new float[queries.size()][];
        int[] targets = new int[queries.size()];
        for (int i = 0; i < features.length; i++) {
            features[i] = queries.get(i).feature();
            targets[i] = category.index().indexOf(target(queries.get(i)));
        }
        return category.index().ranks(features, targets, null);
    }

    private static String target(ProtocolQuery query) {
        if (query.target() == null) {
            throw new InvalidInputException(
                    "FashionIQ query " + query.id() + " has no target: the protocol evaluates a split with targets");
        }
        return query.target();
    }
}
