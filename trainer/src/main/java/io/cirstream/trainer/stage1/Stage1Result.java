package io.cirstream.trainer.stage1;

import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.trainer.training.EpochReport;
import io.cirstream.trainer.training.StopReason;
import java.util.List;
import java.util.Map;

/**
 * A completed stage-1 run.
 *
 * @param bundle the best epoch's bundle (new encoder version, no Combiner), written and verified
 * @param bestEpoch the best epoch, 1-based
 * @param curve every trained epoch
 * @param bestMetrics the best epoch's validation metrics
 * @param initialMetrics the source bundle's validation metrics (the zero-shot sum)
 * @param bestReport the validation protocol's report of the best epoch
 * @param initialReport the protocol's report of the source bundle
 * @param plan how it trained
 * @param config what it trained with
 * @param stopReason why it ended
 * @param seconds wall time of the run
 */
public record Stage1Result(
        ModelBundle bundle,
        int bestEpoch,
        List<EpochReport> curve,
        Map<String, Double> bestMetrics,
        Map<String, Double> initialMetrics,
        EvalReport bestReport,
        EvalReport initialReport,
        Stage1Plan plan,
        Stage1Config config,
        StopReason stopReason,
        double seconds) {

    public Stage1Result {
        curve = List.copyOf(curve);
        bestMetrics = Map.copyOf(bestMetrics);
        initialMetrics = Map.copyOf(initialMetrics);
    }
}
