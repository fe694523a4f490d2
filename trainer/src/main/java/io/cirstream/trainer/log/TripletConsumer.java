package io.cirstream.trainer.log;

import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.kafka.TopicPartitions;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the triplet topic into the {@link TrainingLog}. It owns every partition of the topic (one trainer per model),
 * reads each from the position the log restored (from the start for a partition the log has never seen, so a lost log
 * is rebuilt from the compacted topic), and per polled batch: decodes and validates each record, sends those it cannot
 * use to the dead-letter topic with the reason, appends the rest durably, and only then commits the offsets. A batch
 * that fails (broker, disk) is rewound to the log's positions and retried after a pause; nothing is skipped.
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
    private final AtomicBoolean running = new AtomicBoolean(true);
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
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions =
                    TopicPartitions.await(consumer, Topics.TRIPLETS.name(), running::get, PARTITION_WAIT);
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            rewind(partitions);
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                try {
                    process(records, partitions);
                } catch (RuntimeException e) {
                    if (!running.get()) {
                        break;
                    }
                    LOG.error(
                            "a batch of {} triplet records failed; reading it again in {}",
                            records.count(),
                            RETRY_PAUSE,
                            e);
                    listener.failed(e);
                    pause();
                    rewind(partitions);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /** Whether the consumer has once read every partition up to its end (the log holds the whole topic then). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Stops the loop and closes the Kafka consumer (from the consumer's own thread). */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }

    private void process(ConsumerRecords<byte[], byte[]> records, List<TopicPartition> partitions) {
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
        for (TopicPartition partition : partitions) {
            long position = consumer.position(partition);
            positions.put(partition.partition(), position);
            offsets.put(partition, new OffsetAndMetadata(position));
        }
        if (!records.isEmpty() || !positions.equals(log.positions())) {
            AppendResult result = log.append(entries, positions);
            consumer.commitSync(offsets);
            listener.appended(result, deadLettered);
        }
        if (!caughtUp && records.isEmpty()) {
            caughtUp = TopicPartitions.reached(consumer, consumer.endOffsets(partitions));
        }
    }

    private void rewind(List<TopicPartition> partitions) {
        Map<Integer, Long> positions = log.positions();
        List<TopicPartition> unseen = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long position = positions.get(partition.partition());
            if (position == null) {
                unseen.add(partition);
            } else {
                consumer.seek(partition, position);
            }
        }
        if (!unseen.isEmpty()) {
            consumer.seekToBeginning(unseen);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }
}
