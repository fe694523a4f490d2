package io.cirstream.core.eval.protocol;

import io.cirstream.core.eval.RecallAtK;

/** Recall in percent, as the papers and CLIP4Cir's own evaluation report it. */
final class Percent {

    private static final double HUNDRED = 100.0;

    private Percent() {}

    static double recall(int[] ranks, int k) {
        return RecallAtK.of(ranks, k) * HUNDRED;
    }
}
