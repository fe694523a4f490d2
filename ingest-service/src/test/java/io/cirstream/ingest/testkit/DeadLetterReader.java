package io.cirstream.ingest.testkit;

import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the catalogue's dead-letter topic from the beginning to the end offsets it has when the read starts, committed
 * letters only ({@link CommittedTopicReader}): the ingest service writes them in transactions with its offsets.
 */
public final class DeadLetterReader {

    private DeadLetterReader() {}

    /** Every committed letter on the topic when the call starts, in order. */
    public static List<DeadLetter> readAll(String bootstrapServers) {
        Topic<byte[], DeadLetter> topic = Topics.CATALOG_PRODUCTS_DLQ;
        List<DeadLetter> letters = new ArrayList<>();
        CommittedTopicReader.readAll(
                bootstrapServers,
                topic.name(),
                record -> letters.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value())));
        return letters;
    }
}
