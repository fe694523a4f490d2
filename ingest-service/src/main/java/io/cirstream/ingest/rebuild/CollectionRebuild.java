package io.cirstream.ingest.rebuild;

import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.core.retry.RetryBackoff;
import io.cirstream.ingest.consume.BatchContext;
import io.cirstream.ingest.consume.BatchSettings;
import io.cirstream.ingest.consume.CatalogConsumerLoop;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds one encoder version's collection from the compacted catalogue topic: a consumer of its own (no group, no
 * commits) reads every partition from offset 0 up to the end offsets taken when it starts (the start of a
 * {@link TopicReplay} to the end: a catalogue topic that does not exist is rebuilt at once, empty), through the same
 * micro-batch stages as the live stream. The live stream writes to the new collection from its own start position
 * meanwhile, which is at or before those end offsets, so together they cover the whole topic. Once caught up, the
 * store's active collection switches to the new one (atomically: queries read the old collection until then). A
 * rebuild that stops early leaves the active collection as it was; the next start rebuilds again, cheaply, because
 * the images the new collection already holds are not embedded again.
 */
public final class CollectionRebuild implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionRebuild.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final TopicReplay<byte[], byte[]> replay;
    private final BatchContext context;
    private final BatchSettings batching;
    private final RetryBackoff backoff;
    private final String encoderVersion;
    private final boolean switchWhenDone;
    private final Runnable onSwitched;
    private final RebuildStatus status;
    private volatile CatalogConsumerLoop loop;
    private volatile boolean stopping;

    /**
     * @param consumer a consumer without a group, for this rebuild only (the rebuild closes it)
     * @param context the batch stages, writing to {@code encoderVersion}'s collection only
     * @param switchWhenDone whether to make the collection the active one once caught up
     * @param onSwitched called once the collection is the active one
     */
    public CollectionRebuild(
            Consumer<byte[], byte[]> consumer,
            BatchContext context,
            BatchSettings batching,
            RetryBackoff backoff,
            String encoderVersion,
            boolean switchWhenDone,
            Runnable onSwitched,
            RebuildStatus status) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.replay = TopicReplay.toEnd(consumer, Topics.CATALOG_PRODUCTS.name(), METADATA_TIMEOUT);
        this.context = Objects.requireNonNull(context, "context");
        this.batching = Objects.requireNonNull(batching, "batching");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.encoderVersion = Objects.requireNonNull(encoderVersion, "encoderVersion");
        this.switchWhenDone = switchWhenDone;
        this.onSwitched = Objects.requireNonNull(onSwitched, "onSwitched");
        this.status = Objects.requireNonNull(status, "status");
    }

    @Override
    public void run() {
        try {
            Map<TopicPartition, Long> end = replay.begin();
            long records = end.values().stream().mapToLong(Long::longValue).sum();
            status.set(
                    RebuildStatus.Phase.REBUILDING,
                    "rebuilding " + encoderVersion + " from offset 0 of " + end.size() + " partitions, up to " + records
                            + " records");
            LOG.info("rebuilding collection {} from {} ({} records)", encoderVersion, end, records);
            loop = new CatalogConsumerLoop(consumer, context, batching, backoff, false, Optional.of(end));
            loop.run();
            if (!loop.status().isFinished()) {
                status.set(RebuildStatus.Phase.STOPPED, "stopped before catching up; the active collection is kept");
                return;
            }
            if (switchWhenDone) {
                switchToRebuilt();
            }
            if (!stopping) {
                onSwitched.run();
                status.set(RebuildStatus.Phase.DONE, encoderVersion + " rebuilt and active");
                LOG.info("collection {} rebuilt and active", encoderVersion);
            }
        } catch (RuntimeException e) {
            if (stopping) {
                status.set(RebuildStatus.Phase.STOPPED, "stopped: " + e);
            } else {
                status.set(RebuildStatus.Phase.FAILED, "rebuild of " + encoderVersion + " failed: " + e);
                LOG.error("rebuild of {} failed; the active collection is kept", encoderVersion, e);
            }
        } finally {
            if (loop == null) {
                consumer.close();
            }
        }
    }

    /** Switches the alias, retrying with back-off while the store does not answer. */
    private void switchToRebuilt() {
        while (!stopping) {
            try {
                context.store().switchTo(encoderVersion);
                return;
            } catch (RuntimeException e) {
                Duration wait = backoff.next();
                LOG.warn("cannot switch to {} yet, retrying in {}: {}", encoderVersion, wait, e.toString());
                sleep(wait);
            }
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the rebuild without waiting for it. */
    @Override
    public void close() {
        stopping = true;
        CatalogConsumerLoop current = loop;
        if (current != null) {
            current.close();
        } else {
            replay.close();
        }
    }
}
