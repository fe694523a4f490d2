package io.cirstream.trainer.stage1;

import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.Fusion;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.eval.run.DatasetEvaluation;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 1's validation: a bundle's encoders on the dataset's validation split with the published protocol
 * ({@code cirstream eval}'s code, the element-wise sum as the fusion, no feature cache since the encoders change
 * every epoch). The metrics are recall@K in [0, 1] under the keys the training curves use ({@code recall_at_10}):
 * CIRR's R@1/5/10/50 over the split, FashionIQ's mean R@10/R@50 over its categories.
 */
public final class Stage1Validation {

    private final DatasetKind kind;
    private final Path path;
    private final MissingImagePolicy policy;
    private final TorchRuntime.Resolved runtime;
    private final ImageLimits limits;

    public Stage1Validation(
            DatasetKind kind, Path path, MissingImagePolicy policy, TorchRuntime.Resolved runtime, ImageLimits limits) {
        this.kind = kind;
        this.path = path;
        this.policy = policy;
        this.runtime = runtime;
        this.limits = limits;
    }

    /** The protocol's report on {@code bundle} with the sum fusion. */
    public EvalReport evaluate(ModelBundle bundle) {
        try (CachedEmbeddings embeddings = new CachedEmbeddings(
                () -> ImageEmbedder.open(bundle, runtime, limits),
                () -> TextEmbedder.open(bundle, runtime),
                null,
                ProgressListener.NONE)) {
            return new DatasetEvaluation(embeddings, null)
                    .evaluate(
                            new DatasetEvaluation.Request(kind, path, kind.validationSplit(), Fusion.SUM, policy),
                            new EvalReport.ModelInfo(bundle.name(), bundle.encoderVersion(), null),
                            null);
        }
    }

    /** The report's recall@K values in [0, 1], keyed {@code recall_at_K}. */
    public static Map<String, Double> metrics(EvalReport report) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (report.cirr() != null) {
            metrics.put("recall_at_1", report.cirr().recallAt1() / 100);
            metrics.put("recall_at_5", report.cirr().recallAt5() / 100);
            metrics.put("recall_at_10", report.cirr().recallAt10() / 100);
            metrics.put("recall_at_50", report.cirr().recallAt50() / 100);
        } else {
            metrics.put("recall_at_10", report.fashionIq().meanRecallAt10() / 100);
            metrics.put("recall_at_50", report.fashionIq().meanRecallAt50() / 100);
        }
        return metrics;
    }

    DatasetKind kind() {
        return kind;
    }
}
