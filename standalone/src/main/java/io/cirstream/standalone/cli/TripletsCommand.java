package io.cirstream.standalone.cli;

import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.standalone.feed.DatasetTripletPublisher;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream triplets publish}: a split of a dataset in its official layout (FashionIQ, CIRR, or what
 * {@code cirstream synth} wrote) onto {@code cir.triplets}, for the trainer to learn from: curated labels, or a
 * benchmark's training split as the first labels of a catalogue loaded from the same images.
 */
@Command(
        name = "triplets",
        mixinStandardHelpOptions = true,
        description = "Feed labelled triplets to the trainer's topic, cir.triplets.")
final class TripletsCommand {

    @Spec
    CommandSpec spec;

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = "Publish every triplet of a dataset split to cir.triplets (keyed by a stable id, so"
                    + " publishing again changes nothing) and wait for the broker's acknowledgements.")
    int publish(
            @Mixin DatasetOptions dataset,
            @Option(
                            names = "--split",
                            paramLabel = "SPLIT",
                            description = "The split (default: the dataset's training split, train).")
                    String split,
            @Option(
                            names = "--source",
                            paramLabel = "SOURCE",
                            defaultValue = "dataset",
                            description = "dataset (a benchmark) or curated (labels a person wrote) (default:"
                                    + " ${DEFAULT-VALUE}).")
                    String source,
            @Mixin KafkaOptions kafka) {
        DatasetKind kind = dataset.kind();
        String chosenSplit = split != null ? split : kind.trainSplit();
        TripletSource tripletSource = source(source);
        String bootstrap = kafka.bootstrapServers();
        CirDataset triplets = kind.load(dataset.path(), chosenSplit, dataset.policy());
        String prefix = kind.cliName() + "-" + chosenSplit + "-";
        int sent;
        try (StageProgress progress = new StageProgress()) {
            sent = new DatasetTripletPublisher(prefix, tripletSource, Instant.now())
                    .publish(triplets, bootstrap, progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "published %d %s triplets (%s %s, ids %s<id>) to %s at %s%n",
                sent,
                tripletSource.name().toLowerCase(Locale.ROOT),
                kind.cliName(),
                chosenSplit,
                prefix,
                Topics.TRIPLETS.name(),
                bootstrap);
        out.flush();
        return 0;
    }

    private static TripletSource source(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "dataset" -> TripletSource.DATASET;
            case "curated" -> TripletSource.CURATED;
            default -> throw new IllegalArgumentException("--source must be dataset or curated, got '" + name + "'");
        };
    }
}
