package io.cirstream.standalone.cli;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.Fusion;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.eval.dataset.CirrLoader;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.protocol.CirrSubmission;
import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.eval.report.ReportTable;
import io.cirstream.core.eval.report.ReportWriter;
import io.cirstream.core.eval.run.DatasetEvaluation;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cirstream eval}: a published protocol on FashionIQ, CIRR or the synthetic set. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates composed retrieval exactly as the published protocols do: FashionIQ per category on val"
                    + " (reference kept; R@10, R@50, their means, Avg), CIRR with the reference removed (R@1/5/10/50,"
                    + " Recall_subset@1/2/3, Avg). --dataset synthetic reads a `cirstream synth` directory's FashionIQ"
                    + " layout.",
            "Prints the table; --report DIR also writes report.json, report.txt and recall.svg. Image and caption"
                    + " features are cached by encoder version and file checksum, so a second run embeds nothing."
        })
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    DatasetOptions datasetOptions;

    @Mixin
    FeatureCacheOptions cacheOptions;

    @Option(
            names = "--fusion",
            defaultValue = "sum",
            description = "sum (normalize(i + t)) or combiner" + " (default: ${DEFAULT-VALUE}).")
    String fusion;

    @Option(names = "--split", description = "The split; default val (CIRR test1 needs --submission).")
    String split;

    @Option(
            names = "--combiner",
            paramLabel = "FILE",
            description = "Combiner weights (safetensors or a CLIP4Cir"
                    + " {'Combiner': state_dict} checkpoint, e.g. from `cirstream train`) instead of the bundle's.")
    Path combinerFile;

    @Option(
            names = "--submission",
            paramLabel = "DIR",
            description = "CIRR test1: write the evaluation server's two" + " JSON files here.")
    Path submission;

    @Option(
            names = "--submission-name",
            defaultValue = "cirstream",
            description = "Suffix of the submission file" + " names (default: ${DEFAULT-VALUE}).")
    String submissionName;

    @Option(names = "--report", paramLabel = "DIR", description = "Write report.json, report.txt and recall.svg here.")
    Path report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        DatasetKind kind = datasetOptions.kind();
        Fusion chosen = Fusion.parse(fusion);
        String chosenSplit =
                split != null ? split : submission != null ? CirrLoader.TEST_SPLIT : kind.validationSplit();
        checkSplit(kind, chosenSplit);
        ModelBundle bundle = model.openBundle();
        TorchRuntime.Resolved runtime = model.runtime();
        DatasetEvaluation.Request request = new DatasetEvaluation.Request(
                kind, datasetOptions.path(), chosenSplit, chosen, datasetOptions.policy());
        PrintWriter out = spec.commandLine().getOut();
        FeatureCache features = cacheOptions.open(bundle, runtime);
        try (StageProgress progress = new StageProgress();
                CachedEmbeddings embeddings = new CachedEmbeddings(
                        () -> ImageEmbedder.open(bundle, runtime, model.imageLimits()),
                        () -> TextEmbedder.open(bundle, runtime),
                        features,
                        progress);
                Combiner combiner = chosen == Fusion.COMBINER ? loadCombiner(bundle, runtime) : null) {
            DatasetEvaluation evaluation = new DatasetEvaluation(embeddings, combiner);
            if (submission != null) {
                CirrSubmission.SubmissionFiles files = evaluation.submission(request, submission, submissionName);
                progress.close();
                out.printf(
                        "CIRR %s submission written: %s and %s%n", chosenSplit, files.recall(), files.recallSubset());
            } else {
                EvalReport result = evaluation.evaluate(
                        request,
                        modelInfo(bundle, chosen),
                        features == null ? null : features.directory().toString());
                progress.close();
                out.print(ReportTable.render(result));
                if (report != null) {
                    ReportWriter.write(result, report);
                    out.printf(
                            "report written to %s (%s, %s, %s)%n",
                            report, ReportWriter.JSON, ReportWriter.TEXT, ReportWriter.CHART);
                }
            }
        } finally {
            if (features != null) {
                features.close();
            }
        }
        out.flush();
        return 0;
    }

    private void checkSplit(DatasetKind kind, String chosenSplit) {
        boolean test = chosenSplit.startsWith("test");
        if (submission != null && kind != DatasetKind.CIRR) {
            throw new InvalidInputException("--submission is for CIRR test1");
        }
        if (test && submission == null) {
            throw new InvalidInputException(kind.cliName() + " " + chosenSplit + " has no targets: "
                    + (kind == DatasetKind.CIRR
                            ? "write the evaluation server's files with --submission DIR"
                            : "the protocol evaluates val"));
        }
    }

    private Combiner loadCombiner(ModelBundle bundle, TorchRuntime.Resolved runtime) {
        Path weights = combinerFile != null ? combinerFile : bundle.hasCombiner() ? bundle.combinerFile() : null;
        if (weights == null) {
            throw new InvalidInputException("fusion 'combiner': the bundle has no Combiner; give --combiner FILE");
        }
        Combiner combiner = Combiner.load(weights, runtime.device());
        if (combiner.dims().featureDim() != bundle.featureDim()) {
            int dim = combiner.dims().featureDim();
            combiner.close();
            throw new InvalidInputException("Combiner " + weights + " takes features of dimension " + dim
                    + ", the bundle's encoders give " + bundle.featureDim());
        }
        return combiner;
    }

    private EvalReport.ModelInfo modelInfo(ModelBundle bundle, Fusion chosen) {
        String combiner = chosen != Fusion.COMBINER
                ? null
                : combinerFile != null ? combinerFile.toString() : bundle.combinerVersion();
        return new EvalReport.ModelInfo(bundle.name(), bundle.encoderVersion(), combiner);
    }
}
