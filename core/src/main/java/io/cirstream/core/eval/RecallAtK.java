package io.cirstream.core.eval;

import io.cirstream.core.InvalidInputException;

/** Recall@K: the fraction of queries whose target ranks within the first K. */
public final class RecallAtK {

    private RecallAtK() {}

    /**
     * The fraction of {@code ranks} (1-based; {@link FeatureIndex#ABSENT} never counts) that are at most {@code k}.
     *
     * @throws InvalidInputException if there are no ranks or k is below 1
     */
    public static double of(int[] ranks, int k) {
        if (k < 1) {
            throw new InvalidInputException("recall@K needs K >= 1, got " + k);
        }
        if (ranks.length == 0) {
            throw new InvalidInputException("recall@" + k + " of no queries is undefined");
        }
        int hits = 0;
        for (int rank : ranks) {
            if (rank < 1) {
                throw new InvalidInputException("ranks are 1-based, got " + rank);
            }
            if (rank <= k) {
                hits++;
            }
        }
        return (double) hits / ranks.length;
    }
}
