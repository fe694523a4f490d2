package io.cirstream.standalone.pipeline;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Step 4: the synthetic catalogue's training triplets (its CIRR layout's train split, read by core's loader) on
 * {@code cir.triplets} as {@link LabelledTriplet}s from a {@link TripletSource#DATASET}: reference and target are
 * product ids, the caption is the instruction, the triplet id {@value #ID_PREFIX}{@code <pairid>}. The time stamp is
 * the catalogue's, so a second run sends identical records, which the trainer's log takes as no change.
 *
 * @param sent triplets sent (and acknowledged by the broker)
 * @param split the split they came from
 */
record TripletFeed(int sent, String split) implements StepOutcome {

    /** The prefix of the triplet ids. */
    static final String ID_PREFIX = "synthetic-cirr-train-";

    private static final int IN_FLIGHT = 1024;

    /** Reads the train split of {@code cirrRoot} and sends every triplet, waiting for the broker's acknowledgements. */
    static TripletFeed publish(Path cirrRoot, String bootstrapServers, Instant eventTime, ProgressListener progress) {
        String split = DatasetKind.CIRR.trainSplit();
        CirDataset train = DatasetKind.CIRR.load(cirrRoot, split, MissingImagePolicy.FAIL);
        List<CirTriplet> triplets = train.triplets();
        progress.stage("publishing to " + Topics.TRIPLETS.name(), triplets.size());
        try (Producer<String, LabelledTriplet> producer = producer(bootstrapServers)) {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            for (CirTriplet triplet : triplets) {
                LabelledTriplet value = triplet(triplet, eventTime);
                pending.add(producer.send(new ProducerRecord<>(Topics.TRIPLETS.name(), value.getTripletId(), value)));
                if (pending.size() == IN_FLIGHT) {
                    await(pending, progress);
                }
            }
            producer.flush();
            await(pending, progress);
        }
        return new TripletFeed(triplets.size(), split);
    }

    /** The record of one dataset triplet. */
    static LabelledTriplet triplet(CirTriplet triplet, Instant eventTime) {
        return LabelledTriplet.newBuilder()
                .setTripletId(ID_PREFIX + triplet.id())
                .setReferenceId(triplet.reference())
                .setCaption(triplet.captions().evaluation())
                .setTargetId(triplet.targetOrThrow())
                .setSource(TripletSource.DATASET)
                .setEventTime(eventTime)
                .build();
    }

    private static Producer<String, LabelledTriplet> producer(String bootstrapServers) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        20),
                Topics.TRIPLETS.keySerde().serializer(),
                Topics.TRIPLETS.valueSerde().serializer());
    }

    private static void await(List<Future<RecordMetadata>> pending, ProgressListener progress) {
        try {
            for (Future<RecordMetadata> future : pending) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new CirstreamException("the broker refused a triplet: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CirstreamException("interrupted while publishing triplets", e);
        }
        progress.advance(pending.size());
        pending.clear();
    }

    @Override
    public String summary() {
        return String.format(
                "%d triplets of the synthetic %s split (CIRR layout) on %s", sent, split, Topics.TRIPLETS.name());
    }
}
