package io.cirstream.standalone.cli;

import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The dataset options of the commands that read a dataset in its released layout ({@code eval}, {@code train}). */
final class DatasetOptions {

    @Option(names = "--dataset", required = true, description = "fashioniq, cirr or synthetic.")
    String dataset;

    @Option(names = "--path", required = true, description = "The dataset directory.")
    Path path;

    @Option(
            names = "--missing-images",
            defaultValue = "fail",
            description = "fail, or skip (count and leave out) images that are missing or cannot be decoded"
                    + " (default: ${DEFAULT-VALUE}).")
    String missingImages;

    DatasetKind kind() {
        return DatasetKind.parse(dataset);
    }

    MissingImagePolicy policy() {
        return MissingImagePolicy.parse(missingImages);
    }
}
