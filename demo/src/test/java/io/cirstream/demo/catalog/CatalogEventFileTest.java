package io.cirstream.demo.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.testkit.Integration;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.topic.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class CatalogEventFileTest {

    private static final Instant TIME = Instant.ofEpochMilli(1_790_000_000_000L);

    @TempDir
    Path dir;

    @Test
    void eventsRoundTripInOrderWithTheDocumentedFraming() throws IOException {
        Path file = dir.resolve("events");
        List<CatalogEvent> written = List.of(upsert("p-1", 10), upsert("p-2", 2_000), deleted("p-1"));
        try (CatalogEventFile.Writer writer = CatalogEventFile.create(file)) {
            for (CatalogEvent event : written) {
                writer.append(event);
            }
            assertThat(writer.events()).isEqualTo(3);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(bytes, 8)).isEqualTo("CSEVENT1".getBytes());
        int firstLength = ByteBuffer.wrap(bytes, 8, 4).getInt();
        assertThat(bytes[12]).isEqualTo((byte) 0xC3);
        assertThat(bytes[13]).isEqualTo((byte) 0x01);
        List<CatalogEvent> read = new ArrayList<>();
        try (CatalogEventFileReader reader = CatalogEventFileReader.open(file)) {
            for (CatalogEvent event = reader.next(); event != null; event = reader.next()) {
                read.add(event);
            }
            assertThat(reader.frames()).isEqualTo(3);
        }
        assertThat(read).isEqualTo(written);
        assertThat(read).extracting(CatalogEventFile::keyOf).containsExactly("p-1", "p-2", "p-1");
        assertThat(firstLength).isEqualTo(CatalogEventFile.SERDE.serialize("t", written.get(0)).length);
    }

    @Test
    void badFilesFailWithTheFrameAndOffset() throws IOException {
        Path file = dir.resolve("events");
        try (CatalogEventFile.Writer writer = CatalogEventFile.create(file)) {
            writer.append(upsert("p-1", 100));
            writer.append(upsert("p-2", 100));
        }
        byte[] good = Files.readAllBytes(file);

        Path notOurs = dir.resolve("not-ours");
        Files.write(notOurs, "PK\u0003\u0004 a zip".getBytes());
        assertThatThrownBy(() -> CatalogEventFileReader.open(notOurs))
                .hasMessageContaining("not a catalogue event file");

        Path truncated = dir.resolve("truncated");
        Files.write(truncated, Arrays.copyOf(good, good.length - 7));
        assertThatThrownBy(() -> readAll(truncated))
                .hasMessageContaining("frame 1 at byte")
                .hasMessageContaining("truncated");

        Path huge = dir.resolve("huge");
        byte[] hugeBytes = good.clone();
        ByteBuffer.wrap(hugeBytes, 8, 4).putInt(CatalogEventFile.MAX_FRAME_BYTES + 1);
        Files.write(huge, hugeBytes);
        assertThatThrownBy(() -> readAll(huge)).hasMessageContaining("frame 0 at byte 8 declares 8388609 bytes");

        Path garbage = dir.resolve("garbage");
        byte[] garbageBytes = good.clone();
        garbageBytes[12] = 0x00;
        Files.write(garbage, garbageBytes);
        assertThatThrownBy(() -> readAll(garbage)).hasMessageContaining("frame 0 at byte 8 is not a catalogue event");
    }

    @Test
    void thePublisherSendsEveryEventKeyedByProductToTheCatalogueTopic() throws IOException {
        Path file = dir.resolve("events");
        try (CatalogEventFile.Writer writer = CatalogEventFile.create(file)) {
            for (int i = 0; i < 40; i++) {
                writer.append(upsert("p-" + i, 500));
            }
            writer.append(deleted("p-3"));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(Topics.CATALOG_PRODUCTS);
            long sent;
            try (Producer<String, byte[]> producer = CatalogEventPublisher.producer(kafka.bootstrapServers())) {
                sent = new CatalogEventPublisher(producer, Topics.CATALOG_PRODUCTS).publish(file, n -> {});
            }
            assertThat(sent).isEqualTo(41);
            List<ConsumerRecord<String, CatalogEvent>> records = consumeAll(kafka, 41);
            assertThat(records).hasSize(41);
            assertThat(records)
                    .filteredOn(r -> r.key().equals("p-3"))
                    .hasSize(2)
                    .extracting(r -> r.value().getEvent().getClass().getSimpleName())
                    .containsExactly("ProductUpserted", "ProductDeleted");
        }
    }

    private static List<ConsumerRecord<String, CatalogEvent>> consumeAll(EmbeddedKafka kafka, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, CatalogEvent>> out = new ArrayList<>();
        try (KafkaConsumer<String, CatalogEvent> consumer = new KafkaConsumer<>(
                props,
                Topics.CATALOG_PRODUCTS.keySerde().deserializer(),
                Topics.CATALOG_PRODUCTS.valueSerde().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.CATALOG_PRODUCTS.partitions(); p++) {
                partitions.add(new TopicPartition(Topics.CATALOG_PRODUCTS.name(), p));
            }
            consumer.assign(partitions);
            for (int polls = 0; polls < 100 && out.size() < expected; polls++) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static void readAll(Path file) throws IOException {
        try (CatalogEventFileReader reader = CatalogEventFileReader.open(file)) {
            while (reader.next() != null) {
                // read to the end
            }
        }
    }

    private static CatalogEvent upsert(String id, int imageBytes) {
        return new CatalogEvent(ProductUpserted.newBuilder()
                .setProductId(id)
                .setImage(ByteBuffer.wrap(new byte[imageBytes]))
                .setTitle("Red dress")
                .setCategory("dress")
                .setPriceMinorUnits(4_999L)
                .setCurrency("EUR")
                .setInStock(true)
                .setAttributes(Map.of("colour", "red"))
                .setEventTime(TIME)
                .setImageSha256(null)
                .build());
    }

    private static CatalogEvent deleted(String id) {
        return new CatalogEvent(new ProductDeleted(id, TIME.plusSeconds(1)));
    }
}
