package io.cirstream.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.demo.kafka.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@Integration
class TopicReplayTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration METADATA_WAIT = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static EmbeddedKafka kafka;
    private static Admin admin;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer());
    }

    @AfterAll
    static void stopKafka() {
        producer.close();
        admin.close();
        kafka.close();
    }

    @Test
    void aTopicThatDoesNotExistIsCaughtUpAtOnceAndFollowedOnceItDoes() throws Exception {
        String topic = "absent-" + TOPICS.incrementAndGet();
        Recorder recorder = new Recorder();
        try (Following following = new Following(topic, METADATA_WAIT, recorder)) {
            Await.until("caught up on a missing topic", WAIT, () -> recorder.ends.get() != null);
            assertThat(recorder.ends.get()).isEmpty();
            assertThat(recorder.values).isEmpty();

            create(topic, 2);
            send(topic, "k", "later");
            Await.until("the record sent once the topic exists", WAIT, () -> recorder.values.contains("later"));
            assertThat(recorder.caughtUpCalls.get()).isEqualTo(1);
        }
    }

    @Test
    void aReplayToTheEndOfATopicThatDoesNotExistEndsAtOnce() {
        Recorder recorder = new Recorder();
        TopicReplay.toEnd(consumer(), "absent-" + TOPICS.incrementAndGet(), METADATA_WAIT)
                .run(recorder, POLL);
        assertThat(recorder.ends.get()).isEmpty();
        assertThat(recorder.values).isEmpty();
    }

    @Test
    void anEmptyTopicIsCaughtUpBeforeAnyPoll() throws Exception {
        String topic = create("empty-" + TOPICS.incrementAndGet(), 3);
        Recorder recorder = new Recorder();
        TopicReplay.toEnd(consumer(), topic, WAIT).run(recorder, POLL);
        assertThat(recorder.ends.get()).containsOnlyKeys(partitions(topic, 3)).allSatisfy((p, end) -> assertThat(end)
                .isZero());
        assertThat(recorder.polls.get()).isZero();
    }

    @Test
    void theRecordsAtTheStartAreReadBeforeItIsCaughtUpAndLaterOnesWhileItFollows() throws Exception {
        String topic = create("present-" + TOPICS.incrementAndGet(), 2);
        for (int i = 0; i < 5; i++) {
            send(topic, "k" + i, "v" + i);
        }
        Recorder recorder = new Recorder();
        try (Following following = new Following(topic, WAIT, recorder)) {
            Await.until("caught up", WAIT, () -> recorder.ends.get() != null);
            assertThat(recorder.valuesWhenCaughtUp.get()).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4");
            assertThat(recorder.ends.get().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(5);

            send(topic, "k5", "v5");
            Await.until("the record sent after the start", WAIT, () -> recorder.values.contains("v5"));
            assertThat(recorder.caughtUpCalls.get()).isEqualTo(1);
        }
    }

    @Test
    void aReplayToTheEndStopsAtTheEndOffsetsTakenAtItsStart() throws Exception {
        String topic = create("to-end-" + TOPICS.incrementAndGet(), 1);
        for (int i = 0; i < 3; i++) {
            send(topic, "k" + i, "v" + i);
        }
        Recorder recorder = new Recorder() {
            @Override
            public void read(ConsumerRecords<String, String> records) {
                if (!records.isEmpty() && values.isEmpty()) {
                    // sent after the start: past the end offsets the replay reads to
                    send(topic, "k3", "v3");
                    send(topic, "k4", "v4");
                }
                super.read(records);
            }
        };
        TopicReplay.toEnd(consumer(1), topic, WAIT).run(recorder, POLL);
        assertThat(recorder.values).containsExactly("v0", "v1", "v2");
        assertThat(recorder.ends.get()).containsExactly(Map.entry(new TopicPartition(topic, 0), 3L));
    }

    @Test
    void itStartsAtTheGivenOffsetsAndARewindGoesBackToThem() throws Exception {
        String topic = create("offsets-" + TOPICS.incrementAndGet(), 1);
        for (int i = 0; i < 4; i++) {
            send(topic, "k" + i, "v" + i);
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        AtomicReference<TopicReplay<String, String>> replay = new AtomicReference<>();
        Recorder recorder = new Recorder() {
            @Override
            public void read(ConsumerRecords<String, String> records) {
                super.read(records);
                if (values.equals(List.of("v2"))) {
                    replay.get().rewind();
                }
            }
        };
        replay.set(new TopicReplay<>(consumer(1), topic, TopicReplay.Mode.TO_END, WAIT, () -> Map.of(partition, 2L)));
        replay.get().run(recorder, POLL);
        assertThat(recorder.values).containsExactly("v2", "v2", "v3");
    }

    @Test
    void readToEndHandsOnEachRecordOfNowAndTheEndOffsets() throws Exception {
        String topic = create("read-" + TOPICS.incrementAndGet(), 2);
        for (int i = 0; i < 4; i++) {
            send(topic, "k" + i, "v" + i);
        }
        List<String> values = new CopyOnWriteArrayList<>();

        Map<TopicPartition, Long> ends = TopicReplay.readToEnd(consumer(), topic, WAIT, r -> values.add(r.value()));

        assertThat(values).containsExactlyInAnyOrder("v0", "v1", "v2", "v3");
        assertThat(ends).containsOnlyKeys(partitions(topic, 2));
        assertThat(TopicReplay.readToEnd(consumer(), "absent-" + TOPICS.incrementAndGet(), WAIT, r -> values.add("?")))
                .isEmpty();
        assertThat(values).hasSize(4);
    }

    @Test
    void closeFromAnotherThreadEndsAFollowingReplay() throws Exception {
        String topic = create("close-" + TOPICS.incrementAndGet(), 1);
        Recorder recorder = new Recorder();
        // a poll that outlasts the wait for the thread: close must wake it up
        Following following = new Following(topic, WAIT, recorder, Duration.ofMinutes(5));
        Await.until("caught up", WAIT, () -> recorder.ends.get() != null);

        following.close();

        assertThat(following.replay.running()).isFalse();
    }

    @Test
    void closeEndsAFollowerThatWaitsForItsTopic() throws Exception {
        Recorder recorder = new Recorder();
        Following following = new Following("absent-" + TOPICS.incrementAndGet(), METADATA_WAIT, recorder);
        Await.until("caught up on a missing topic", WAIT, () -> recorder.ends.get() != null);

        following.close();
    }

    /** A following replay on a thread of its own; closing it closes the replay and checks that its thread ends. */
    private static final class Following implements AutoCloseable {
        final TopicReplay<String, String> replay;
        private final Thread thread;

        Following(String topic, Duration metadataWait, Recorder recorder) {
            this(topic, metadataWait, recorder, POLL);
        }

        Following(String topic, Duration metadataWait, Recorder recorder, Duration poll) {
            replay = TopicReplay.follow(consumer(), topic, metadataWait);
            thread = Thread.ofPlatform().start(() -> replay.run(recorder, poll));
        }

        @Override
        public void close() throws InterruptedException {
            replay.close();
            thread.join(WAIT.toMillis());
            assertThat(thread.isAlive()).as("the replay's thread after close").isFalse();
        }
    }

    /** Keeps what a replay hands it; any thread may look. */
    private static class Recorder implements TopicReplay.Reader<String, String> {
        final List<String> values = new CopyOnWriteArrayList<>();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger caughtUpCalls = new AtomicInteger();
        final AtomicReference<Map<TopicPartition, Long>> ends = new AtomicReference<>();
        final AtomicReference<List<String>> valuesWhenCaughtUp = new AtomicReference<>();

        @Override
        public void read(ConsumerRecords<String, String> records) {
            polls.incrementAndGet();
            for (ConsumerRecord<String, String> record : records) {
                values.add(record.value());
            }
        }

        @Override
        public void caughtUp(Map<TopicPartition, Long> ends) {
            caughtUpCalls.incrementAndGet();
            valuesWhenCaughtUp.set(List.copyOf(values));
            this.ends.set(Map.copyOf(ends));
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return consumer(500);
    }

    private static KafkaConsumer<String, String> consumer(int maxPollRecords) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        maxPollRecords),
                new StringDeserializer(),
                new StringDeserializer());
    }

    private static String create(String topic, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                .all()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return topic;
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
    }

    private static void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot send " + key + " to " + topic, e);
        }
    }
}
