package io.cirstream.trainer.log;

import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.TripletSource;
import java.time.Instant;
import java.util.Objects;

/**
 * One labelled training example as the trainer keeps it: the reference product, the caption that changes it, and the
 * product that matches both.
 *
 * @param id the triplet id (the topic key); a triplet re-sent under the same id replaces the earlier one
 * @param referenceId product id of the reference image
 * @param caption the relative caption
 * @param targetId product id of the target image
 * @param source where the triplet came from
 * @param eventTime when it was observed or labelled
 */
public record Triplet(
        String id, String referenceId, String caption, String targetId, TripletSource source, Instant eventTime) {

    public Triplet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(referenceId, "referenceId");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(eventTime, "eventTime");
    }

    /** The trainer's view of a record from the triplet topic. */
    public static Triplet of(LabelledTriplet record) {
        return new Triplet(
                record.getTripletId(),
                record.getReferenceId(),
                record.getCaption(),
                record.getTargetId(),
                record.getSource(),
                record.getEventTime());
    }

    /** The topic record of this triplet. */
    public LabelledTriplet toRecord() {
        return LabelledTriplet.newBuilder()
                .setTripletId(id)
                .setReferenceId(referenceId)
                .setCaption(caption)
                .setTargetId(targetId)
                .setSource(source)
                .setEventTime(eventTime)
                .build();
    }
}
