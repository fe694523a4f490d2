package io.cirstream.trainer.log;

import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the triplet topic into the {@link TrainingLog}. It owns every partition of the topic (one trainer per model),
 * reads each from the position the log restored (from the start for a partition the log has never seen, so a lost log
 * is rebuilt from the compacted topic), and per polled batch: decodes and validates each record, sends those it cannot
 * use to the dead-letter topic with the reason, appends the rest durably, and only then commits the offsets. A batch
 * that fails (broker, disk) is rewound to the log's positions and retried after a pause; nothing is skipped. The topic
 * is read by a following {@link TopicReplay} that starts at the log's positions.
 */
public final class TripletConsumer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TripletConsumer.class);

    /** What the consumer reports after each durable batch. */
    public interface Listener {
        /** A batch was written to the log; {@code deadLettered} records of it went to the dead-letter topic. */
        void appended(AppendResult result, int deadLettered);

        /** A batch failed and will be read again after a pause. */
        void failed(RuntimeException error);
    }

    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration PARTITION_WAIT = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final TrainingLog log;
    private final TripletDecoder decoder;
    private final DeadLetterPublisher deadLetters;
    private final Listener listener;
    private final Duration pollTimeout;
    private final TopicReplay<byte[], byte[]> replay;
    private volatile boolean caughtUp;

    public TripletConsumer(
            Consumer<byte[], byte[]> consumer,
            TrainingLog log,
            TripletDecoder decoder,
            DeadLetterPublisher deadLetters,
            Listener listener,
            Duration pollTimeout) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.log = Objects.requireNonNull(log, "log");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.replay = new TopicReplay<>(
                consumer, Topics.TRIPLETS.name(), TopicReplay.Mode.FOLLOW, PARTITION_WAIT, this::logPositions);
    }

    @Override
    public void run() {
        replay.run(new Batches(), pollTimeout);
    }

    /** Whether the consumer has read every partition up to where it ended at start (the log holds the topic then). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Stops the loop and closes the Kafka consumer (from the consumer's own thread). */
    @Override
    public void close() {
        replay.close();
    }

    /** Appends each polled batch to the log; a batch that fails is read again from the log's positions. */
    private final class Batches implements TopicReplay.Reader<byte[], byte[]> {
        @Override
        public void read(ConsumerRecords<byte[], byte[]> records) {
            try {
                process(records);
            } catch (RuntimeException e) {
                if (!replay.running()) {
                    return;
                }
                LOG.error(
                        "a batch of {} triplet records failed; reading it again in {}",
                        records.count(),
                        RETRY_PAUSE,
                        e);
                listener.failed(e);
                pause();
                replay.rewind();
            }
        }

        @Override
        public void caughtUp(Map<TopicPartition, Long> ends) {
            caughtUp = true;
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        List<LogEntry> entries = new ArrayList<>();
        int deadLettered = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                entries.add(decoder.decode(record));
            } catch (InvalidTripletException e) {
                deadLetters.publish(Topics.TRIPLETS, record, e);
                deadLettered++;
            }
        }
        Map<Integer, Long> positions = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition);
            positions.put(partition.partition(), position);
            offsets.put(partition, new OffsetAndMetadata(position));
        }
        if (!records.isEmpty() || !positions.equals(log.positions())) {
            AppendResult result = log.append(entries, positions);
            consumer.commitSync(offsets);
            listener.appended(result, deadLettered);
        }
    }

    /** Where the log says each partition's reading goes on (partitions it has never seen start at the beginning). */
    private Map<TopicPartition, Long> logPositions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        log.positions()
                .forEach((partition, offset) ->
                        positions.put(new TopicPartition(Topics.TRIPLETS.name(), partition), offset));
        return positions;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replay.close();
        }
    }
}
