package io.cirstream.standalone.pipeline;

import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.Fusion;
import io.cirstream.core.eval.cache.EncoderKey;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.eval.report.ReportWriter;
import io.cirstream.core.eval.run.DatasetEvaluation;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.core.registry.ServingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step 6: the synthetic catalogue's val split under the CIRR protocol (reference removed; R@1/5/10/50 and
 * Recall_subset@1/2/3), with the evaluation {@code cirstream eval} runs ({@link DatasetEvaluation} over
 * {@link CachedEmbeddings}), three times: {@code sum} (the zero-shot baseline), the bundle's Combiner, and the
 * Combiner served after the training run. Image and caption features are embedded once and cached.
 *
 * @param rows the three rows
 * @param queries queries per row
 * @param indexImages candidates in the index
 */
record PipelineEvaluation(List<EvaluationRow> rows, int queries, int indexImages) implements StepOutcome {

    static final String SPLIT = DatasetKind.CIRR.validationSplit();

    /** What the evaluation needs. */
    record Inputs(
            ModelBundle bundle,
            TorchRuntime.Resolved runtime,
            ImageLimits limits,
            PipelineLayout layout,
            Optional<ServingModel> served) {}

    static PipelineEvaluation run(Inputs in, ProgressListener progress) throws IOException {
        ModelBundle bundle = in.bundle();
        TorchRuntime.Resolved runtime = in.runtime();
        DatasetKind kind = DatasetKind.CIRR;
        Path data = in.layout().cirr();
        List<EvaluationRow> rows = new ArrayList<>();
        try (FeatureCache cache = FeatureCache.open(
                        in.layout().evaluationCache(),
                        EncoderKey.of(bundle, runtime.fp16(), runtime.device().getDeviceType()));
                CachedEmbeddings embeddings = new CachedEmbeddings(
                        () -> ImageEmbedder.open(bundle, runtime, in.limits()),
                        () -> TextEmbedder.open(bundle, runtime),
                        cache,
                        progress)) {
            Evaluator evaluator = new Evaluator(in, embeddings, cache, kind, data);
            rows.add(evaluator.row("sum", "sum: normalize(i + t), zero-shot", null, null));
            if (bundle.hasCombiner()) {
                rows.add(evaluator.row(
                        "bundle",
                        "the bundle's Combiner",
                        bundle.combinerVersion(),
                        CombinerWeights.load(bundle.combinerFile())));
            }
            if (in.served().isPresent()) {
                ServingModel served = in.served().get();
                rows.add(evaluator.row(
                        "served", "served after training: " + served.name(), served.name(), served.weights()));
            } else if (bundle.hasCombiner()) {
                rows.add(evaluator.row(
                        "served",
                        "served after training: still the bundle's Combiner (nothing published)",
                        bundle.combinerVersion(),
                        CombinerWeights.load(bundle.combinerFile())));
            }
            EvaluationRow first = rows.get(0);
            return new PipelineEvaluation(
                    rows, first.result().queries(), first.result().indexSize());
        }
    }

    /** One evaluation per row, on the same features. */
    private record Evaluator(Inputs in, CachedEmbeddings embeddings, FeatureCache cache, DatasetKind kind, Path data) {

        EvaluationRow row(String name, String label, String version, CombinerWeights weights) throws IOException {
            Fusion fusion = weights == null ? Fusion.SUM : Fusion.COMBINER;
            DatasetEvaluation.Request request =
                    new DatasetEvaluation.Request(kind, data, SPLIT, fusion, MissingImagePolicy.FAIL);
            EvalReport.ModelInfo model =
                    new EvalReport.ModelInfo(in.bundle().name(), in.bundle().encoderVersion(), version);
            EvalReport report;
            if (weights == null) {
                report = new DatasetEvaluation(embeddings, null)
                        .evaluate(request, model, cache.directory().toString());
            } else {
                try (Combiner combiner = Combiner.create(weights, in.runtime().device())) {
                    report = new DatasetEvaluation(embeddings, combiner)
                            .evaluate(request, model, cache.directory().toString());
                }
            }
            Path directory = in.layout().evaluation().resolve(name);
            ReportWriter.write(report, directory);
            return new EvaluationRow(name, label, fusion.cliName(), version, report.cirr(), directory.toString());
        }
    }

    @Override
    public String summary() {
        return String.format(
                "%d rows on the synthetic %s split (CIRR protocol): %d queries over %d images",
                rows.size(), SPLIT, queries, indexImages);
    }
}
