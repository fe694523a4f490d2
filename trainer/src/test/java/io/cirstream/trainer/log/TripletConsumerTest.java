package io.cirstream.trainer.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class TripletConsumerTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    private static final String GROUP = "trainer-test";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private final List<DeadLetterPublisher> publishers = new ArrayList<>();

    @TempDir
    Path logDir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.TRIPLETS.withPartitions(2), Topics.TRIPLETS_DLQ);
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterEach
    void closePublishers() {
        publishers.forEach(DeadLetterPublisher::close);
    }

    @AfterAll
    static void stopKafka() {
        producer.close();
        kafka.close();
    }

    @Test
    void validTripletsReachTheLogAndEveryBadRecordReachesTheDeadLetterTopicWithItsReason() throws Exception {
        send("good-1", triplet("good-1", "p1", "p2"));
        send("good-2", triplet("good-2", "p3", "p4"));
        send("good-3", triplet("good-3", "p5", "p6"));
        send("not-avro", "hello".getBytes(StandardCharsets.UTF_8));
        send("other-key", triplet("some-id", "p1", "p2"));
        send("self", triplet("self", "p1", "p1"));
        sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe}, triplet("latin", "p1", "p2"));
        send("good-3", null);

        List<AppendResult> results = new CopyOnWriteArrayList<>();
        try (TrainingLog log = TrainingLog.open(logDir)) {
            TripletConsumer consumer = consumer(log, results);
            Thread thread = Thread.ofPlatform().start(consumer);
            Await.until("condition", WAIT, consumer::caughtUp);
            consumer.close();
            thread.join();
            assertThat(log.triplets())
                    .extracting(Triplet::id)
                    .filteredOn(id -> !id.startsWith("r-"))
                    .containsExactlyInAnyOrder("good-1", "good-2");
            assertThat(committedOffsets()).isEqualTo(endOffsets());
        }
        List<DeadLetter> letters = deadLetters(4);
        Map<String, String> reasons = letters.stream()
                .collect(Collectors.toMap(
                        letter -> letter.getOriginalKey() == null
                                ? "<none>"
                                : StandardCharsets.UTF_8
                                        .decode(letter.getOriginalKey())
                                        .toString(),
                        DeadLetter::getErrorMessage));
        assertThat(reasons.get("not-avro")).contains("does not decode").contains("not Avro single-object encoded");
        assertThat(reasons.get("other-key")).contains("triplet id 'some-id' is not the record key 'other-key'");
        assertThat(reasons.get("self")).contains("same product p1 as reference and target");
        assertThat(reasons.get("\ufffd\ufffd")).contains("record key (2 bytes) is not UTF-8");
        assertThat(letters).allSatisfy(letter -> assertThat(letter.getErrorClass())
                .isEqualTo(InvalidTripletException.class.getName()));
    }

    @Test
    void aRestartedConsumerResumesFromTheLogAndARedeliveryIsNoNewTriplet() throws Exception {
        send("r-1", triplet("r-1", "a", "b"));
        try (TrainingLog log = TrainingLog.open(logDir)) {
            TripletConsumer first = consumer(log, new ArrayList<>());
            Thread thread = Thread.ofPlatform().start(first);
            Await.until(
                    "condition",
                    WAIT,
                    () -> first.caughtUp() && log.triplets().stream().anyMatch(t -> t.id().equals("r-1")));
            first.close();
            thread.join();
        }
        long sequenceBefore;
        try (TrainingLog log = TrainingLog.open(logDir)) {
            sequenceBefore = log.sequence();
            send("r-1", triplet("r-1", "a", "b"));
            send("r-2", triplet("r-2", "c", "d"));
            List<AppendResult> results = new CopyOnWriteArrayList<>();
            TripletConsumer second = consumer(log, results);
            Thread thread = Thread.ofPlatform().start(second);
            Await.until(
                    "condition",
                    WAIT,
                    () -> second.caughtUp() && log.triplets().stream().anyMatch(t -> t.id().equals("r-2")));
            second.close();
            thread.join();
            assertThat(log.sequence() - sequenceBefore).isEqualTo(1);
            assertThat(results.stream().mapToInt(AppendResult::unchanged).sum()).isEqualTo(1);
        }
    }

    private TripletConsumer consumer(TrainingLog log, List<AppendResult> results) {
        KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        GROUP,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        DeadLetterPublisher deadLetters = DeadLetterPublisher.connect(kafka.bootstrapServers(), Map.of());
        publishers.add(deadLetters);
        return new TripletConsumer(
                kafkaConsumer,
                log,
                new TripletDecoder(1000),
                deadLetters,
                new TripletConsumer.Listener() {
                    @Override
                    public void appended(AppendResult result, int deadLettered) {
                        results.add(result);
                    }

                    @Override
                    public void failed(RuntimeException error) {}
                },
                Duration.ofMillis(100));
    }

    private static byte[] triplet(String id, String reference, String target) {
        Triplet triplet = new Triplet(id, reference, "is red", target, TripletSource.CURATED, Instant.ofEpochMilli(5));
        return Topics.TRIPLETS.valueSerde().serializer().serialize(Topics.TRIPLETS.name(), triplet.toRecord());
    }

    private static void send(String key, byte[] value) throws Exception {
        sendRaw(key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static void sendRaw(byte[] key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TRIPLETS.name(), key, value)).get();
    }

    private long endOffsets() {
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return probe
                    .endOffsets(List.of(
                            new TopicPartition(Topics.TRIPLETS.name(), 0),
                            new TopicPartition(Topics.TRIPLETS.name(), 1)))
                    .values()
                    .stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private long committedOffsets() {
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        GROUP),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = java.util.Set.of(
                    new TopicPartition(Topics.TRIPLETS.name(), 0), new TopicPartition(Topics.TRIPLETS.name(), 1));
            return probe.committed(partitions).values().stream()
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    private List<DeadLetter> deadLetters(int expected) {
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.TRIPLETS_DLQ.name(), 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200))
                        .forEach(record -> letters.add(Topics.TRIPLETS_DLQ
                                .valueSerde()
                                .deserializer()
                                .deserialize(record.topic(), record.value())));
            }
        }
        assertThat(letters).hasSize(expected);
        return letters;
    }
}
