package io.cirstream.standalone.feed;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Puts a dataset's labelled triplets (read by core's loaders, in the official layouts) on {@code cir.triplets}, keyed
 * by triplet id, and waits for the broker's acknowledgement of every one. Reference and target are the dataset's image
 * names, which are the product ids of a catalogue loaded from the same dataset; the caption is the protocol's fixed
 * form (FashionIQ's two captions joined with "and"). The triplet id is a stable prefix plus the dataset's own id, so
 * publishing the same split again sends the same keys: the trainer's log keeps one entry per id.
 */
public final class DatasetTripletPublisher {

    private static final int IN_FLIGHT = 1024;

    private final String idPrefix;
    private final TripletSource source;
    private final Instant eventTime;

    /**
     * @param idPrefix what goes before the dataset's triplet id
     * @param source where the triplets come from ({@code DATASET} for a benchmark, {@code CURATED} for labels a
     *     person wrote in the same layout)
     * @param eventTime the time stamp of every record
     */
    public DatasetTripletPublisher(String idPrefix, TripletSource source, Instant eventTime) {
        this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
        this.source = Objects.requireNonNull(source, "source");
        this.eventTime = Objects.requireNonNull(eventTime, "eventTime");
    }

    /** The record of one dataset triplet; a triplet without a target (a test split) is refused. */
    public LabelledTriplet record(CirTriplet triplet) {
        return LabelledTriplet.newBuilder()
                .setTripletId(idPrefix + triplet.id())
                .setReferenceId(triplet.reference())
                .setCaption(triplet.captions().evaluation())
                .setTargetId(triplet.targetOrThrow())
                .setSource(source)
                .setEventTime(eventTime)
                .build();
    }

    /**
     * Sends every triplet of {@code dataset} to {@code bootstrapServers}.
     *
     * @return how many were sent and acknowledged
     * @throws IllegalArgumentException if the split withholds targets (nothing is sent)
     * @throws CirstreamException if the broker refuses one (nothing after it is sent)
     */
    public int publish(CirDataset dataset, String bootstrapServers, ProgressListener progress) {
        List<CirTriplet> triplets = dataset.triplets();
        long withheld = triplets.stream().filter(t -> !t.hasTarget()).count();
        if (withheld > 0) {
            throw new IllegalArgumentException("the " + dataset.split() + " split withholds the targets of " + withheld
                    + " of its " + triplets.size() + " triplets (a test split): nothing to learn from; publish a split"
                    + " with targets (train, val)");
        }
        List<LabelledTriplet> records = triplets.stream().map(this::record).toList();
        progress.stage("publishing to " + Topics.TRIPLETS.name(), records.size());
        try (Producer<String, LabelledTriplet> producer = producer(bootstrapServers)) {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            for (LabelledTriplet value : records) {
                pending.add(producer.send(new ProducerRecord<>(Topics.TRIPLETS.name(), value.getTripletId(), value)));
                if (pending.size() == IN_FLIGHT) {
                    await(pending, progress);
                }
            }
            producer.flush();
            await(pending, progress);
        }
        return records.size();
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
}
