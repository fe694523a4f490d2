package io.cirstream.ingest.consume;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of one catalogue consumer. It gathers records into micro-batches ({@link BatchSettings}), runs each
 * through its stages ({@link PendingBatch}) and only then commits the batch's offsets (when it commits at all: a
 * rebuild does not). When a stage fails - the store is down, the dead-letter topic does not answer - it pauses every
 * assigned partition, keeps polling (so the group keeps it) while it waits with back-off, retries the stage, and
 * resumes once it succeeds: nothing is skipped and nothing is committed early. Records it holds are never dropped,
 * except for partitions a rebalance takes away, whose new owner reads them again from the committed offsets.
 *
 * <p>Runs on one thread ({@link #run}); {@link #close} from any thread stops it.
 */
public final class CatalogConsumerLoop implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogConsumerLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final BatchContext context;
    private final BatchSettings batching;
    private final RetryBackoff backoff;
    private final boolean commitOffsets;
    private final Optional<Map<TopicPartition, Long>> stopAt;
    private final LoopStatus status = new LoopStatus();
    private final Deque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private volatile boolean stopping;
    private PendingBatch pending;

    /**
     * @param consumer a consumer already subscribed (with {@link #rebalanceListener()}) or assigned
     * @param commitOffsets whether to commit each batch's offsets to the consumer's group
     * @param stopAt where to stop: once every partition's position reaches its offset here and nothing is held; empty
     *     to run until closed
     */
    public CatalogConsumerLoop(
            Consumer<byte[], byte[]> consumer,
            BatchContext context,
            BatchSettings batching,
            RetryBackoff backoff,
            boolean commitOffsets,
            Optional<Map<TopicPartition, Long>> stopAt) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.context = Objects.requireNonNull(context, "context");
        this.batching = Objects.requireNonNull(batching, "batching");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.commitOffsets = commitOffsets;
        this.stopAt = stopAt.map(Map::copyOf);
    }

    public LoopStatus status() {
        return status;
    }

    /** The listener to subscribe with: it keeps paused what must stay paused, and lets go of revoked records. */
    public ConsumerRebalanceListener rebalanceListener() {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                letGoOf(Set.copyOf(partitions));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                letGoOf(Set.copyOf(partitions));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (pending != null && status.failure().isPresent()) {
                    consumer.pause(partitions);
                }
            }
        };
    }

    @Override
    public void run() {
        status.running(true);
        try {
            while (!stopping && !caughtUp()) {
                if (pending == null) {
                    pending = nextBatch();
                    if (pending == null) {
                        continue;
                    }
                }
                process();
            }
            if (caughtUp()) {
                status.finished();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            status.running(false);
            consumer.close();
        }
    }

    /** Stops the loop (it closes its consumer) without waiting for it. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
    }

    private void process() {
        try {
            pending.advance(context);
            if (commitOffsets) {
                consumer.commitSync(pending.nextOffsets());
            }
            pending = null;
            backoff.reset();
            if (status.failure().isPresent()) {
                LOG.info("{} stream: the store answers again; resuming", context.source());
                context.metrics().storeAvailable(context.source(), true);
                status.recovered();
            }
            consumer.resume(consumer.paused());
        } catch (CommitFailedException e) {
            LOG.warn(
                    "{} stream: offsets not committed after a rebalance; their new owner re-reads them: {}",
                    context.source(),
                    e.getMessage());
            pending = null;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            waitToRetry(e);
        }
    }

    private void waitToRetry(RuntimeException cause) {
        Duration wait = backoff.next();
        if (status.failure().isEmpty()) {
            LOG.warn(
                    "{} stream: batch of {} records not written, pausing consumption and retrying: {}",
                    context.source(),
                    pending.size(),
                    cause.toString());
            context.metrics().storeAvailable(context.source(), false);
        } else {
            LOG.info("{} stream: still failing, next retry in {}: {}", context.source(), wait, cause.toString());
        }
        status.failing(cause);
        context.metrics().storeFailure(context.source());
        consumer.pause(consumer.assignment());
        pollInto(wait);
    }

    private PendingBatch nextBatch() {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(batching.maxSize());
        long deadline = 0;
        while (!stopping) {
            while (!buffered.isEmpty() && batch.size() < batching.maxSize()) {
                batch.add(buffered.poll());
            }
            if (batch.size() >= batching.maxSize()) {
                break;
            }
            long now = System.nanoTime();
            if (!batch.isEmpty() && deadline == 0) {
                deadline = now + batching.maxWait().toNanos();
            }
            if (deadline != 0 && now >= deadline) {
                break;
            }
            Duration wait = deadline == 0 ? IDLE_POLL : Duration.ofNanos(deadline - now);
            if (pollInto(wait) == 0 && batch.isEmpty()) {
                return null; // idle: let run() check whether to stop
            }
        }
        return batch.isEmpty() ? null : new PendingBatch(batch, context.decoder());
    }

    /** Polls once, buffering whatever comes; how many records came. */
    private int pollInto(Duration wait) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(wait);
        status.polled();
        records.forEach(buffered::add);
        reportLag();
        return records.count();
    }

    private void reportLag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong known = consumer.currentLag(partition);
            if (known.isPresent()) {
                lag += known.getAsLong();
            }
        }
        context.metrics().lag(context.source(), lag + buffered.size() + (pending == null ? 0 : pending.size()));
    }

    private boolean caughtUp() {
        if (stopAt.isEmpty() || pending != null || !buffered.isEmpty()) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> end : stopAt.get().entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * After a rebalance takes {@code revoked} away: the records held for them go (their new owner reads them again),
     * and if the batch in hand had some, the kept partitions are rewound to the batch's start so nothing is skipped.
     */
    private void letGoOf(Set<TopicPartition> revoked) {
        Map<TopicPartition, Long> rewind = new HashMap<>();
        if (pending != null && pending.partitions().stream().anyMatch(revoked::contains)) {
            rewind.putAll(pending.firstOffsets());
            for (ConsumerRecord<byte[], byte[]> record : buffered) {
                rewind.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
            }
            pending = null;
            buffered.clear();
            consumer.resume(consumer.paused());
        } else {
            buffered.removeIf(record -> revoked.contains(new TopicPartition(record.topic(), record.partition())));
        }
        rewind.forEach((partition, offset) -> {
            if (!revoked.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }
}
