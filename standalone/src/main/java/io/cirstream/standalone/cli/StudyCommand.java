package io.cirstream.standalone.cli;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.standalone.study.FeatureStudy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cirstream study}: the feature-distribution study of two bundles on a dataset split. */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = {
            "Compares how two bundles' features are distributed on a dataset's split (e.g. before and after stage-1"
                    + " fine-tuning): image-image, caption-target and query-target cosine distributions, the modality"
                    + " gap, a 2-D PCA of reference, caption, query and target features.",
            "Writes report.md with SVG plots to --out."
        })
final class StudyCommand implements Callable<Integer> {

    @Option(
            names = "--bundle",
            required = true,
            arity = "1",
            paramLabel = "DIR",
            description = "Give it twice: before, after.")
    List<Path> bundles;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "fashioniq, cirr or synthetic.")
    String dataset;

    @Option(names = "--path", required = true, paramLabel = "DIR", description = "The dataset directory.")
    Path path;

    @Option(names = "--split", description = "The split (default: the protocol's validation split).")
    String split;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the report goes.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (bundles.size() != 2) {
            throw new InvalidInputException("give --bundle twice (before, after); got " + bundles.size());
        }
        io.cirstream.core.eval.dataset.DatasetKind kind = io.cirstream.core.eval.dataset.DatasetKind.parse(dataset);
        ModelBundle a = ModelBundle.open(bundles.get(0));
        ModelBundle b = ModelBundle.open(bundles.get(1));
        TorchRuntime.Resolved runtime =
                TorchRuntime.Resolved.cpu(Runtime.getRuntime().availableProcessors());
        try (StageProgress progress = new StageProgress()) {
            Path report = FeatureStudy.run(
                    a,
                    b,
                    kind,
                    path,
                    split != null ? split : kind.validationSplit(),
                    runtime,
                    io.cirstream.core.image.ImageLimits.DEFAULTS,
                    progress,
                    out);
            spec.commandLine().getOut().printf("wrote %s%n", report);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
