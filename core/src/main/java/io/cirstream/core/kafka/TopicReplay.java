package io.cirstream.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole (compacted) topic into a {@link Reader}, the way a Kafka Streams global table does: it assigns itself
 * every partition (no group), seeks each to its start offset (the beginning, unless given), takes the end offsets at
 * that moment, and polls, handing each poll's records to the reader. Once its positions reach those end offsets it
 * tells the reader it is caught up (at once when the topic is empty, or does not exist), and then either follows the
 * topic ({@link Mode#FOLLOW}: it keeps polling until closed) or stops ({@link Mode#TO_END}).
 *
 * <p>A follower waits for a topic that does not exist yet (it is caught up meanwhile: there is nothing to read) and
 * for a broker that does not answer; a reader to the end does not wait: a topic that does not exist is read at once,
 * and a broker that does not answer within the metadata wait is a {@link TimeoutException}.
 *
 * <p>{@link #run} runs on one thread and closes the consumer when it returns; {@link #close} from any thread ends it.
 */
public final class TopicReplay<K, V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReplay.class);
    private static final Duration READ_TO_END_POLL = Duration.ofMillis(200);

    /** What to do once caught up. */
    public enum Mode {
        /** Keep reading what comes, until closed. */
        FOLLOW,
        /** Stop at the end offsets taken at the start. */
        TO_END
    }

    /** Takes what a replay reads, on the replay's thread. */
    public interface Reader<K, V> {
        /** The records of one poll, in order; none when the poll found nothing. */
        void read(ConsumerRecords<K, V> records);

        /**
         * The end offsets taken at the start are reached (called once, after the {@link #read} that reached them, or
         * before any read when there was nothing to read).
         *
         * @param ends those end offsets; empty when the topic does not exist
         */
        default void caughtUp(Map<TopicPartition, Long> ends) {}
    }

    private final Consumer<K, V> consumer;
    private final String topic;
    private final Mode mode;
    private final Duration metadataWait;
    private final Supplier<Map<TopicPartition, Long>> startOffsets;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private boolean caughtUp;

    /**
     * @param consumer a consumer without a subscription, for this replay only (its {@link #run} closes it)
     * @param metadataWait how long one metadata request (the partitions, the end offsets) may take; a follower also
     *     pauses this long between attempts while the topic does not exist
     * @param startOffsets where to start reading, asked at the start and on {@link #rewind}: the offset of each
     *     partition in it; the partitions it does not name start at their beginning
     */
    public TopicReplay(
            Consumer<K, V> consumer,
            String topic,
            Mode mode,
            Duration metadataWait,
            Supplier<Map<TopicPartition, Long>> startOffsets) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.metadataWait = Objects.requireNonNull(metadataWait, "metadataWait");
        this.startOffsets = Objects.requireNonNull(startOffsets, "startOffsets");
    }

    /** A replay from the beginning that follows the topic once caught up. */
    public static <K, V> TopicReplay<K, V> follow(Consumer<K, V> consumer, String topic, Duration metadataWait) {
        return new TopicReplay<>(consumer, topic, Mode.FOLLOW, metadataWait, Map::of);
    }

    /** A replay from the beginning that stops at the end offsets taken at its start. */
    public static <K, V> TopicReplay<K, V> toEnd(Consumer<K, V> consumer, String topic, Duration metadataWait) {
        return new TopicReplay<>(consumer, topic, Mode.TO_END, metadataWait, Map::of);
    }

    /**
     * Reads {@code topic} from the beginning to its end offsets of now, each record into {@code each} in order, and
     * closes the consumer: for tools and tests that look at a whole topic once.
     *
     * @param consumer a consumer without a subscription, for this read only
     * @param timeout how long the whole read may take
     * @return the end offsets read to; empty when the topic does not exist
     * @throws TimeoutException when Kafka does not answer, or the topic is not read to those offsets, within
     *     {@code timeout}
     */
    public static <K, V> Map<TopicPartition, Long> readToEnd(
            Consumer<K, V> consumer,
            String topic,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<K, V>> each) {
        EachRecord<K, V> reader = new EachRecord<>(topic, timeout, each);
        toEnd(consumer, topic, timeout).run(reader, READ_TO_END_POLL);
        return reader.ends;
    }

    /**
     * Reads the topic into {@code reader} (see the class comment) and closes the consumer.
     *
     * @param pollTimeout how long one poll waits for records
     */
    public void run(Reader<K, V> reader, Duration pollTimeout) {
        Objects.requireNonNull(reader, "reader");
        try {
            Map<TopicPartition, Long> ends = begin(() -> reportCaughtUp(reader, Map.of()));
            if (ends.isEmpty()) {
                // nothing assigned: a missing topic read to the end, or a follower stopped while it waited for one
                if (mode == Mode.TO_END) {
                    reportCaughtUp(reader, ends);
                }
                return;
            }
            while (running.get()) {
                if (!caughtUp && TopicPartitions.reached(consumer, ends)) {
                    reportCaughtUp(reader, ends);
                }
                if (caughtUp && mode == Mode.TO_END) {
                    return;
                }
                reader.read(consumer.poll(pollTimeout));
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /**
     * Assigns every partition of the topic and seeks each to its start offset, without polling (for a caller that
     * polls by itself); the consumer stays open.
     *
     * @return the end offsets now: empty when the topic does not exist, or (a follower) when closed before it did
     */
    public Map<TopicPartition, Long> begin() {
        return begin(() -> {});
    }

    /** Seeks every assigned partition to its start offset again (to read again what a failed batch held). */
    public void rewind() {
        seekToStart(new ArrayList<>(consumer.assignment()));
    }

    /** Whether the replay has not been closed. */
    public boolean running() {
        return running.get();
    }

    /** Ends {@link #run} (and a follower's wait for its topic) from any thread, without waiting for it. */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }

    private Map<TopicPartition, Long> begin(Runnable missing) {
        List<TopicPartition> partitions = mode == Mode.FOLLOW
                ? TopicPartitions.await(consumer, topic, running::get, metadataWait, missing)
                : partitionsNow();
        if (partitions.isEmpty()) {
            return Map.of();
        }
        consumer.assign(partitions);
        seekToStart(partitions);
        return endOffsets(partitions);
    }

    private List<TopicPartition> partitionsNow() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, metadataWait);
        if (infos == null) {
            return List.of();
        }
        return infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        while (true) {
            try {
                return consumer.endOffsets(partitions, metadataWait);
            } catch (TimeoutException e) {
                if (mode == Mode.TO_END || !running.get()) {
                    throw e;
                }
                LOG.info("no end offsets of {} within {}; asking again", topic, metadataWait);
            }
        }
    }

    private void seekToStart(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = startOffsets.get();
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long offset = offsets.get(partition);
            if (offset == null) {
                fromBeginning.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        if (!fromBeginning.isEmpty()) {
            consumer.seekToBeginning(fromBeginning);
        }
    }

    private void reportCaughtUp(Reader<K, V> reader, Map<TopicPartition, Long> ends) {
        if (!caughtUp) {
            caughtUp = true;
            reader.caughtUp(ends);
        }
    }

    /** Hands on each record of a read to the end, until a deadline. */
    private static final class EachRecord<K, V> implements Reader<K, V> {
        private final String topic;
        private final Duration timeout;
        private final java.util.function.Consumer<ConsumerRecord<K, V>> each;
        private final long deadline;
        private Map<TopicPartition, Long> ends = Map.of();

        EachRecord(String topic, Duration timeout, java.util.function.Consumer<ConsumerRecord<K, V>> each) {
            this.topic = topic;
            this.timeout = timeout;
            this.each = Objects.requireNonNull(each, "each");
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public void read(ConsumerRecords<K, V> records) {
            records.forEach(each);
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("topic " + topic + " was not read to its end within " + timeout);
            }
        }

        @Override
        public void caughtUp(Map<TopicPartition, Long> ends) {
            this.ends = ends;
        }
    }
}
