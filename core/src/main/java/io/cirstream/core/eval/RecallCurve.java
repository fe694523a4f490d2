package io.cirstream.core.eval;

import java.util.List;

/**
 * Recall@K for K = 1 to {@code maxK}, in percent: the curve a recall chart draws.
 *
 * @param name what the curve is of (a category, "global", "subset")
 * @param percent {@code percent[k - 1]} = Recall@k
 */
public record RecallCurve(String name, List<Double> percent) {

    private static final double HUNDRED = 100.0;

    public RecallCurve {
        percent = List.copyOf(percent);
    }

    /** The curve of these ranks ({@link FeatureIndex#ABSENT} never counts). */
    public static RecallCurve of(String name, int[] ranks, int maxK) {
        Double[] values = new Double[maxK];
        for (int k = 1; k <= maxK; k++) {
            values[k - 1] = RecallAtK.of(ranks, k) * HUNDRED;
        }
        return new RecallCurve(name, List.of(values));
    }

    public int maxK() {
        return percent.size();
    }

    public double at(int k) {
        return percent.get(k - 1);
    }
}
