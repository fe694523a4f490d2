package io.cirstream.standalone.cli;

import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The dataset options of the commands that read a dataset in its official layout ({@code eval}, {@code train}). */
final class DatasetOptions {

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "fashioniq, cirr or synthetic.")
    String dataset;

    @Option(names = "--path", required = true, paramLabel = "DIR", description = "The dataset directory.")
    Path path;

    @Option(
            names = "--missing-images",
            paramLabel = "POLICY",
            defaultValue = "fail",
            description = "fail or skip (count and leave out) images that are missing or cannot be decoded"
                    + " (default: ${DEFAULT-VALUE}).")
    String missingImages;

    /** The dataset named by {@code --dataset}. */
    DatasetKind kind() {
        return DatasetKind.parse(dataset);
    }

    /** The dataset directory. */
    Path path() {
        return path;
    }

    /** What to do about images that are missing or cannot be decoded. */
    MissingImagePolicy policy() {
        return MissingImagePolicy.parse(missingImages);
    }
}
