package io.cirstream.demo.catalog;

import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a {@link CatalogEventFile} to the catalogue topic, keyed by product id, in file order (so per-product
 * order holds), and waits until the broker acknowledged every event. Each frame is checked to be a catalogue event
 * before it is sent; the bytes sent are the frame's, unchanged.
 */
public final class CatalogEventPublisher {

    private static final int IN_FLIGHT = 512;

    private final Producer<String, byte[]> producer;
    private final Topic<String, CatalogEvent> topic;

    public CatalogEventPublisher(Producer<String, byte[]> producer, Topic<String, CatalogEvent> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A producer for the catalogue topic: idempotent, acks=all, ordered, sized for inline images. */
    public static Producer<String, byte[]> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.IMAGE_RECORD_MAX_BYTES + 4096));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends every event of the file; {@code progress} receives the count sent so far. Returns the count. */
    public long publish(Path file, LongConsumer progress) throws IOException {
        long sent = 0;
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        try (CatalogEventFileReader reader = CatalogEventFileReader.open(file)) {
            for (byte[] value = reader.nextValue(); value != null; value = reader.nextValue()) {
                CatalogEvent event = topic.valueSerde().deserializer().deserialize(topic.name(), value);
                pending.add(producer.send(new ProducerRecord<>(topic.name(), CatalogEventFile.keyOf(event), value)));
                sent++;
                if (pending.size() == IN_FLIGHT) {
                    await(pending);
                    progress.accept(sent);
                }
            }
        }
        producer.flush();
        await(pending);
        progress.accept(sent);
        return sent;
    }

    private static void await(List<Future<RecordMetadata>> pending) throws IOException {
        try {
            for (Future<RecordMetadata> future : pending) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("the broker refused a catalogue event: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing catalogue events", e);
        }
        pending.clear();
    }
}
