package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.Fusion;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.eval.report.ReportTable;
import io.cirstream.core.eval.report.ReportWriter;
import io.cirstream.core.eval.run.DatasetEvaluation;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.trainer.offline.OfflineTrainingData;
import io.cirstream.trainer.stage1.BundleWriter;
import io.cirstream.trainer.training.CombinerTrainer;
import io.cirstream.trainer.training.CombinerTrainingConfig;
import io.cirstream.trainer.training.TrainingCurve;
import io.cirstream.trainer.training.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream train}: trains a Combiner with the published recipe on a dataset in its official layout, then
 * evaluates the best epoch's weights with the dataset's protocol.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the CLIP4Cir Combiner on FashionIQ, CIRR or the synthetic set (`cirstream synth`) with the"
                    + " published recipe: Adam lr 2e-5, batches of up to 4096, logits 100*cos, cross-entropy on the"
                    + " diagonal, dropout 0.5; FashionIQ's caption form re-sampled every epoch; early stopping on"
                    + " held-out recall of the val split; the best epoch kept.",
            "Writes combiner.safetensors (CLIP4Cir's key layout), training-curve.json/.svg, train-report.json and"
                    + " the val protocol's report (eval/) to --out. Features are cached like `cirstream eval`'s."
        })
final class TrainCommand implements Callable<Integer> {

    /** The weights file in the output directory. */
    static final String WEIGHTS_FILE = "combiner.safetensors";

    /** The run summary in the output directory. */
    static final String REPORT_FILE = "train-report.json";

    /** Where the val protocol's report goes in the output directory. */
    static final String EVAL_DIRECTORY = "eval";

    @Mixin
    ModelOptions model;

    @Mixin
    DatasetOptions datasetOptions;

    @Mixin
    FeatureCacheOptions cacheOptions;

    @Mixin
    TrainingOptions training;

    @Mixin
    Stage1Options stage1;

    @Option(
            names = "--stage",
            defaultValue = "2",
            description = "1: fine-tune the CLIP encoders (AdamW lr 2e-6, eps 1e-7, weight decay 0.01, batch 128,"
                    + " sum fusion, validation every epoch, best epoch's bundle to <out>/bundle); 2: train the"
                    + " Combiner on the bundle's features (default: ${DEFAULT-VALUE}).")
    int stage;

    @Option(
            names = "--bundle-out",
            paramLabel = "DIR",
            description = "Stage 2: also write a bundle with the bundle's encoders and the trained Combiner to DIR.")
    Path bundleOut;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output directory (default: runs/train-<dataset>-<time>).")
    Path out;

    @Option(names = "--no-eval", description = "Skip the val protocol's evaluation of the trained weights.")
    boolean noEval;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        DatasetKind kind = datasetOptions.kind();
        MissingImagePolicy policy = datasetOptions.policy();
        ModelBundle bundle = model.openBundle();
        TorchRuntime.Resolved runtime = model.runtime();
        Path directory = out != null ? out : defaultOut(kind);
        Files.createDirectories(directory);
        PrintWriter console = spec.commandLine().getOut();
        if (stage == 1) {
            if (bundleOut != null) {
                throw new InvalidInputException(
                        "--bundle-out is for stage 2; stage 1 writes its bundle to <out>/bundle");
            }
            String name = stage1.name != null ? stage1.name : bundle.name() + "-stage1";
            Stage1Run.run(
                    stage1.config(training),
                    kind,
                    datasetOptions.path(),
                    policy,
                    bundle,
                    runtime,
                    model,
                    name,
                    directory,
                    console);
            console.flush();
            return 0;
        }
        if (stage != 2) {
            throw new InvalidInputException("--stage must be 1 or 2, got " + stage);
        }
        CombinerTrainingConfig config = training.config();
        Optional<CombinerWeights> warmStart = training.warmStart(config, bundle);
        CombinerDims dims = warmStart.map(CombinerWeights::dims).orElse(CombinerDims.ofFeatureDim(bundle.featureDim()));
        FeatureCache features = cacheOptions.open(bundle, runtime);
        StageProgress progress = new StageProgress();
        try {
            OfflineTrainingData data = load(kind, policy, bundle, runtime, features, progress);
            console.printf("%s %s: %s%n", kind.cliName(), datasetOptions.path(), data.counts());
            TrainingResult result = train(config, dims, warmStart, data, runtime, console);
            Path weights = directory.resolve(WEIGHTS_FILE);
            result.best().save(weights);
            TrainingCurve.write(result, directory);
            console.printf(
                    "best epoch %d of %d (%s): %s; wrote %s, %s, %s%n",
                    result.bestEpoch(),
                    result.epochsRun(),
                    result.stopReason(),
                    result.bestMetrics(),
                    weights,
                    directory.resolve(TrainingCurve.JSON_FILE),
                    directory.resolve(TrainingCurve.SVG_FILE));
            if (!noEval) {
                EvalReport evaluation = evaluate(kind, policy, bundle, runtime, features, progress, result, weights);
                console.print(ReportTable.render(evaluation));
                ReportWriter.write(evaluation, directory.resolve(EVAL_DIRECTORY));
            }
            writeReport(directory, kind, bundle, data, result, weights);
            if (bundleOut != null) {
                ModelBundle written = BundleWriter.withCombiner(bundle, result.best(), bundleOut);
                console.printf(
                        "wrote bundle %s: encoders %s, Combiner %s%n",
                        written.directory(), written.encoderVersion(), written.combinerVersion());
            }
        } finally {
            progress.close();
            if (features != null) {
                features.close();
            }
        }
        console.flush();
        return 0;
    }

    /** The training and held-out sets, embedded; the encoders are closed before training starts. */
    private OfflineTrainingData load(
            DatasetKind kind,
            MissingImagePolicy policy,
            ModelBundle bundle,
            TorchRuntime.Resolved runtime,
            FeatureCache features,
            StageProgress progress) {
        try (CachedEmbeddings embeddings = embeddings(bundle, runtime, features, progress)) {
            return OfflineTrainingData.build(
                    kind,
                    kind.load(datasetOptions.path(), kind.trainSplit(), policy),
                    kind.load(datasetOptions.path(), kind.validationSplit(), policy),
                    embeddings,
                    policy);
        } finally {
            progress.close();
        }
    }

    private static TrainingResult train(
            CombinerTrainingConfig config,
            CombinerDims dims,
            Optional<CombinerWeights> warmStart,
            OfflineTrainingData data,
            TorchRuntime.Resolved runtime,
            PrintWriter console) {
        try (TrainingProgress progress =
                new TrainingProgress(console, config.earlyStoppingMetric().key())) {
            return new CombinerTrainer(config, runtime.device())
                    .train(dims, warmStart, data.train(), data.heldOut(), progress, () -> false);
        }
    }

    private CachedEmbeddings embeddings(
            ModelBundle bundle, TorchRuntime.Resolved runtime, FeatureCache features, StageProgress progress) {
        return new CachedEmbeddings(
                () -> ImageEmbedder.open(bundle, runtime, model.imageLimits()),
                () -> TextEmbedder.open(bundle, runtime),
                features,
                progress);
    }

    /** The val protocol on the best weights, with embeddings of their own (the val features are cached by now). */
    private EvalReport evaluate(
            DatasetKind kind,
            MissingImagePolicy policy,
            ModelBundle bundle,
            TorchRuntime.Resolved runtime,
            FeatureCache features,
            StageProgress progress,
            TrainingResult result,
            Path weights) {
        try (CachedEmbeddings embeddings = embeddings(bundle, runtime, features, progress);
                Combiner combiner = Combiner.create(result.best(), runtime.device())) {
            return new DatasetEvaluation(embeddings, combiner)
                    .evaluate(
                            new DatasetEvaluation.Request(
                                    kind, datasetOptions.path(), kind.validationSplit(), Fusion.COMBINER, policy),
                            new EvalReport.ModelInfo(bundle.name(), bundle.encoderVersion(), weights.toString()),
                            features == null ? null : features.directory().toString());
        } finally {
            progress.close();
        }
    }

    private void writeReport(
            Path directory,
            DatasetKind kind,
            ModelBundle bundle,
            OfflineTrainingData data,
            TrainingResult result,
            Path weights)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("dataset", kind.cliName()).put("path", datasetOptions.path().toString());
        report.put("bundle", bundle.name()).put("encoderVersion", bundle.encoderVersion());
        report.set("data", json.valueToTree(data.counts()));
        report.put("trainingExamples", data.train().size())
                .put("heldOutQueries", data.heldOut().size());
        report.put("bestEpoch", result.bestEpoch()).put("epochsRun", result.epochsRun());
        report.put("stopReason", result.stopReason().name());
        report.set("bestMetrics", json.valueToTree(result.bestMetrics()));
        report.put("weights", weights.getFileName().toString());
        report.put("curve", TrainingCurve.JSON_FILE).put("plot", TrainingCurve.SVG_FILE);
        Files.writeString(directory.resolve(REPORT_FILE), report.toPrettyString());
    }

    private static Path defaultOut(DatasetKind kind) {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", "train-" + kind.cliName() + "-" + time);
    }
}
