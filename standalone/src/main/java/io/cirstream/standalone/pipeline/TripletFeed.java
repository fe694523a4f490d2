package io.cirstream.standalone.pipeline;

import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.standalone.feed.DatasetTripletPublisher;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Step 4: the synthetic catalogue's training triplets (its CIRR layout's train split, read by core's loader) on
 * {@code cir.triplets} as {@code LabelledTriplet}s from a {@link TripletSource#DATASET}: reference and target are
 * product ids, the caption is the instruction, the triplet id {@value #ID_PREFIX}{@code <pairid>}. The time stamp is
 * the catalogue's, so a second run sends identical records, which the trainer's log takes as no change.
 *
 * @param sent triplets sent (and acknowledged by the broker)
 * @param split the split they came from
 */
record TripletFeed(int sent, String split) implements StepOutcome {

    /** The prefix of the triplet ids. */
    static final String ID_PREFIX = "synthetic-cirr-train-";

    /** Reads the train split of {@code cirrRoot} and sends every triplet, waiting for the broker's acknowledgements. */
    static TripletFeed publish(Path cirrRoot, String bootstrapServers, Instant eventTime, ProgressListener progress) {
        String split = DatasetKind.CIRR.trainSplit();
        CirDataset train = DatasetKind.CIRR.load(cirrRoot, split, MissingImagePolicy.FAIL);
        int sent = new DatasetTripletPublisher(ID_PREFIX, TripletSource.DATASET, eventTime)
                .publish(train, bootstrapServers, progress);
        return new TripletFeed(sent, split);
    }

    @Override
    public String summary() {
        return String.format(
                "%d triplets of the synthetic %s split (CIRR layout) on %s", sent, split, Topics.TRIPLETS.name());
    }
}
