package io.cirstream.ingest.chaos;

import io.cirstream.ingest.testkit.CommittedTopicReader;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the triplet topic ({@code cir.triplets}) from the beginning to the end offsets it has when the read starts,
 * committed records only ({@link CommittedTopicReader}), not for a fixed time: how often each caption is there.
 */
final class TripletReader {

    private TripletReader() {}

    /** Each triplet's caption and how many records on the topic carry it. */
    static Map<String, Long> captions(String bootstrapServers) {
        Topic<String, LabelledTriplet> topic = Topics.TRIPLETS;
        Map<String, Long> captions = new TreeMap<>();
        CommittedTopicReader.readAll(bootstrapServers, topic.name(), record -> {
            LabelledTriplet triplet = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
            captions.merge(triplet.getCaption(), 1L, Long::sum);
        });
        return captions;
    }
}
