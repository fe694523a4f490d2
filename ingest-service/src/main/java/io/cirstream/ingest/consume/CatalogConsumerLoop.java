package io.cirstream.ingest.consume;

import io.cirstream.core.kafka.TopicPartitions;
import io.cirstream.core.retry.RetryBackoff;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The poll loop of one catalogue consumer. It gathers records into micro-batches ({@link BatchSettings}) and runs
 * each through its stages ({@link PendingBatch}); up to {@value #PIPELINE_DEPTH} batches are in flight, each embedded
 * on an embedding thread of its own, so the next batch is polled, decoded and embedded while the one before it is
 * encoded and written. A
 * batch's offsets are committed (when this loop commits at all: a rebuild does not) only after it is written, and
 * batches are written and committed in order. When a stage fails - the store is down, the dead-letter topic does not
 * answer - the loop pauses every assigned partition, keeps polling (so the group keeps it) while it waits with
 * back-off, retries the stage, and resumes once it succeeds: nothing is skipped and nothing is committed early.
 * Records it holds are never dropped, except for partitions a rebalance takes away, whose new owner reads them again
 * from the committed offsets.
 *
 * <p>Runs on one thread ({@link #run}); {@link #close} from any thread stops it.
 */
public final class CatalogConsumerLoop implements Runnable, AutoCloseable {

    /** How many micro-batches may be in flight: one being written while the next is embedded. */
    static final int PIPELINE_DEPTH = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CatalogConsumerLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    private static final Duration RESOLVE_WAIT = Duration.ofSeconds(1);
    private static final Duration EMBED_SHUTDOWN = Duration.ofSeconds(60);

    private final Consumer<byte[], byte[]> consumer;
    private final BatchContext context;
    private final BatchSettings batching;
    private final RetryBackoff backoff;
    private final boolean commitOffsets;
    private final Optional<Map<TopicPartition, Long>> stopAt;
    private final LoopStatus status = new LoopStatus();
    private final Deque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private final Deque<PendingBatch> inFlight = new ArrayDeque<>();
    private final ExecutorService embedding;
    private volatile boolean stopping;

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
        AtomicInteger threads = new AtomicInteger();
        // one thread per batch in flight: the next batch's images are decoded while this one's are encoded
        this.embedding = Executors.newFixedThreadPool(PIPELINE_DEPTH, runnable -> {
            Thread thread = new Thread(
                    runnable, "cirstream-ingest-embed-" + context.source() + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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
                if (status.failure().isPresent()) {
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
                step();
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
            stopEmbedding();
            consumer.close();
        }
    }

    /** Stops the loop (it closes its consumer) without waiting for it. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
    }

    /** Takes in a batch if there is room, starts what can start, and completes the oldest batch once it can. */
    private void step() {
        try {
            boolean failing = status.failure().isPresent();
            if (!failing && inFlight.size() < PIPELINE_DEPTH) {
                PendingBatch next = nextBatch(inFlight.isEmpty() ? IDLE_POLL : BUSY_POLL);
                if (next != null) {
                    inFlight.addLast(next);
                }
            }
            for (PendingBatch batch : inFlight) {
                batch.prepare(context, embedding);
            }
            PendingBatch head = inFlight.peekFirst();
            if (head == null) {
                return;
            }
            if (!head.resolved()) {
                if (!failing && inFlight.size() < PIPELINE_DEPTH) {
                    return; // poll for the next batch while this one embeds
                }
                head.awaitResolved(RESOLVE_WAIT);
                if (!head.resolved()) {
                    return;
                }
            }
            head.complete(context, embedding);
            if (commitOffsets) {
                // the dead letters and the offsets together (one transaction on the live stream): a crash between
                // them must not leave the letters on the topic twice
                context.rejections().acceptAndCommit(head.rejections(), head.nextOffsets(), consumer);
            } else if (!head.rejections().isEmpty()) {
                context.rejections().accept(head.rejections());
            }
            inFlight.removeFirst();
            recovered();
        } catch (CommitFailedException e) {
            LOG.warn(
                    "{} stream: offsets not committed after a rebalance; their new owner re-reads them: {}",
                    context.source(),
                    e.getMessage());
            inFlight.pollFirst();
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            waitToRetry(e);
        }
    }

    private void recovered() {
        backoff.reset();
        if (status.failure().isPresent()) {
            LOG.info("{} stream: the store answers again; resuming", context.source());
            context.metrics().storeAvailable(context.source(), true);
            status.recovered();
        }
        consumer.resume(consumer.paused());
    }

    private void waitToRetry(RuntimeException cause) {
        Duration wait = backoff.next();
        if (status.failure().isEmpty()) {
            LOG.warn(
                    "{} stream: {} records not written, pausing consumption and retrying: {}",
                    context.source(),
                    inFlight.stream().mapToInt(PendingBatch::size).sum(),
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

    private PendingBatch nextBatch(Duration idleWait) {
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
            Duration wait = deadline == 0 ? idleWait : Duration.ofNanos(deadline - now);
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
        long lag = buffered.size();
        for (PendingBatch batch : inFlight) {
            lag += batch.size();
        }
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong known = consumer.currentLag(partition);
            if (known.isPresent()) {
                lag += known.getAsLong();
            }
        }
        context.metrics().lag(context.source(), lag);
    }

    private boolean caughtUp() {
        return stopAt.isPresent()
                && inFlight.isEmpty()
                && buffered.isEmpty()
                && TopicPartitions.reached(consumer, stopAt.get());
    }

    /**
     * After a rebalance takes {@code revoked} away: the records held for them go (their new owner reads them again),
     * and if a batch in flight had some, every batch in flight goes and the kept partitions are rewound to where those
     * batches started, so nothing is skipped.
     */
    private void letGoOf(Set<TopicPartition> revoked) {
        boolean touched =
                inFlight.stream().anyMatch(b -> b.partitions().stream().anyMatch(revoked::contains));
        if (!touched) {
            buffered.removeIf(record -> revoked.contains(new TopicPartition(record.topic(), record.partition())));
            return;
        }
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (PendingBatch batch : inFlight) {
            batch.firstOffsets().forEach((partition, offset) -> rewind.merge(partition, offset, Math::min));
        }
        for (ConsumerRecord<byte[], byte[]> record : buffered) {
            rewind.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        inFlight.clear();
        buffered.clear();
        consumer.resume(consumer.paused());
        rewind.forEach((partition, offset) -> {
            if (!revoked.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** Lets a running embedding finish (its batch is dropped) so nothing uses the embedder after the loop ends. */
    private void stopEmbedding() {
        embedding.shutdownNow();
        try {
            if (!embedding.awaitTermination(EMBED_SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("{} stream: an embedding still runs after {}", context.source(), EMBED_SHUTDOWN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
