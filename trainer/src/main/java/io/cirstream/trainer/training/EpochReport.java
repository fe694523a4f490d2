package io.cirstream.trainer.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trained epoch.
 *
 * @param epoch 1-based
 * @param meanLoss the mean of the epoch's batch losses (each the batch's mean cross-entropy), before each step
 * @param heldOutMetrics recall@1/5/10/50 on the held-out queries after the epoch (empty without held-out queries)
 * @param seconds wall time of the epoch, its evaluation included
 * @param batches batches trained
 * @param examples examples trained on
 * @param improved whether this epoch beat every earlier one on the early-stopping metric (and became the best)
 */
public record EpochReport(
        int epoch,
        double meanLoss,
        Map<String, Double> heldOutMetrics,
        double seconds,
        int batches,
        int examples,
        boolean improved) {

    public EpochReport {
        heldOutMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(heldOutMetrics));
    }
}
