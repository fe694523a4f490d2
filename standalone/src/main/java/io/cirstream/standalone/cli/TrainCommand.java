package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.config.Settings;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.DatasetEvaluation;
import io.cirstream.core.eval.Fusion;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.eval.report.ReportTable;
import io.cirstream.core.eval.report.ReportWriter;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.trainer.offline.OfflineTrainingData;
import io.cirstream.trainer.training.CombinerInitialization;
import io.cirstream.trainer.training.CombinerTrainer;
import io.cirstream.trainer.training.CombinerTrainingConfig;
import io.cirstream.trainer.training.RecallMetric;
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
    FeatureCacheOptions cacheOptions;

    @Mixin
    DatasetOptions dataset;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output directory (default: runs/train-<dataset>-<time>).")
    Path out;

    @Option(
            names = "--init",
            defaultValue = "from-scratch",
            description = "from-scratch (PyTorch's default init, seeded) or warm-start (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(
            names = "--combiner",
            paramLabel = "FILE",
            description = "Warm-start weights (default: the bundle's Combiner).")
    Path combinerFile;

    @Option(names = "--max-epochs", description = "Most epochs (default: cirstream.trainer.max-epochs, 300).")
    Integer maxEpochs;

    @Option(names = "--patience", description = "Epochs without improvement before stopping (default: 10).")
    Integer patience;

    @Option(names = "--train-batch-size", description = "Combiner batch size (default: 4096).")
    Integer trainBatchSize;

    @Option(names = "--learning-rate", description = "Adam's learning rate (default: 2e-5).")
    Double learningRate;

    @Option(names = "--early-stopping-metric", description = "recall_at_1, _5, _10 or _50 (default: recall_at_10).")
    String earlyStoppingMetric;

    @Option(names = "--seed", description = "Seeds init, shuffles, caption forms and dropout (default: 0).")
    Long seed;

    @Option(names = "--no-eval", description = "Skip the val protocol's evaluation of the trained weights.")
    boolean noEval;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        DatasetKind kind = dataset.kind();
        MissingImagePolicy policy = dataset.policy();
        CombinerTrainingConfig config = config();
        ModelBundle bundle = model.openBundle();
        TorchRuntime.Resolved runtime = model.runtime();
        Path directory = out != null ? out : defaultOut(kind);
        Files.createDirectories(directory);
        PrintWriter console = spec.commandLine().getOut();
        Optional<CombinerWeights> warmStart = warmStart(config, bundle);
        CombinerDims dims = warmStart.map(CombinerWeights::dims).orElse(CombinerDims.ofFeatureDim(bundle.featureDim()));
        FeatureCache features = cacheOptions.open(bundle, runtime);
        try (StageProgress progress = new StageProgress();
                CachedEmbeddings embeddings = new CachedEmbeddings(
                        () -> ImageEmbedder.open(bundle, runtime, model.imageLimits()),
                        () -> TextEmbedder.open(bundle, runtime),
                        features,
                        progress)) {
            OfflineTrainingData data = OfflineTrainingData.build(
                    kind,
                    kind.load(dataset.path, kind.trainSplit(), policy),
                    kind.load(dataset.path, kind.validationSplit(), policy),
                    embeddings,
                    policy);
            progress.close();
            console.printf("%s %s: %s%n", kind.cliName(), dataset.path, data.counts());
            TrainingResult result;
            try (TrainingProgress training =
                    new TrainingProgress(console, config.earlyStoppingMetric().key())) {
                result = new CombinerTrainer(config, runtime.device())
                        .train(dims, warmStart, data.train(), data.heldOut(), training, () -> false);
            }
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
                progress.close();
                console.print(ReportTable.render(evaluation));
                ReportWriter.write(evaluation, directory.resolve(EVAL_DIRECTORY));
            }
            writeReport(directory, kind, bundle, data, result, weights);
        } finally {
            if (features != null) {
                features.close();
            }
        }
        console.flush();
        return 0;
    }

    private CombinerTrainingConfig config() {
        CombinerTrainingConfig config = CombinerTrainingConfig.from(Settings.fromSystem())
                .withInitialization(CombinerInitialization.fromKey(init));
        if (maxEpochs != null) {
            config = config.withMaxEpochs(maxEpochs);
        }
        if (patience != null) {
            config = config.withPatience(patience);
        }
        if (trainBatchSize != null) {
            config = config.withMaxBatchSize(trainBatchSize);
        }
        if (learningRate != null) {
            config = config.withLearningRate(learningRate);
        }
        if (earlyStoppingMetric != null) {
            config = config.withEarlyStoppingMetric(RecallMetric.fromKey(earlyStoppingMetric));
        }
        return seed != null ? config.withSeed(seed) : config;
    }

    private Optional<CombinerWeights> warmStart(CombinerTrainingConfig config, ModelBundle bundle) {
        if (config.initialization() != CombinerInitialization.WARM_START) {
            if (combinerFile != null) {
                throw new InvalidInputException("--combiner gives warm-start weights: add --init warm-start");
            }
            return Optional.empty();
        }
        Path weights = combinerFile != null ? combinerFile : bundle.hasCombiner() ? bundle.combinerFile() : null;
        if (weights == null) {
            throw new InvalidInputException("--init warm-start: the bundle has no Combiner; give --combiner FILE");
        }
        CombinerWeights loaded = CombinerWeights.load(weights);
        if (loaded.dims().featureDim() != bundle.featureDim()) {
            throw new InvalidInputException("Combiner %s takes features of dimension %d, the bundle's encoders give %d"
                    .formatted(weights, loaded.dims().featureDim(), bundle.featureDim()));
        }
        return Optional.of(loaded);
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
        try (CachedEmbeddings embeddings = new CachedEmbeddings(
                        () -> ImageEmbedder.open(bundle, runtime, model.imageLimits()),
                        () -> TextEmbedder.open(bundle, runtime),
                        features,
                        progress);
                Combiner combiner = Combiner.create(result.best(), runtime.device())) {
            return new DatasetEvaluation(embeddings, combiner)
                    .evaluate(
                            new DatasetEvaluation.Request(
                                    kind, dataset.path, kind.validationSplit(), Fusion.COMBINER, policy),
                            new EvalReport.ModelInfo(bundle.name(), bundle.encoderVersion(), weights.toString()),
                            features == null ? null : features.directory().toString());
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
        report.put("dataset", kind.cliName()).put("path", dataset.path.toString());
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
