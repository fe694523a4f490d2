package io.cirstream.ingest.consume;

import io.cirstream.core.store.ProductDeletion;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.ingest.store.WriteTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One micro-batch of catalogue records on its way into the store, in stages: decode (at construction), read what
 * the store holds, resolve (fetch, embed; asynchronously, so the next batch embeds while this one is written), write
 * the upserts, write the deletions. Its {@link #rejections} are then handed over with its offsets (the loop does
 * that). A stage that fails (the store is down, the dead-letter
 * topic does not answer) throws and is run again by the next call; the stages before it are not. Writes are
 * versioned, so running a stage again - or reading what is held before the batch ahead of this one is written - is
 * harmless: the store keeps the newest version whatever the order.
 */
final class PendingBatch {

    private enum Stage {
        READ_HELD,
        RESOLVE,
        WRITE_UPSERTS,
        WRITE_DELETIONS,
        DONE
    }

    private final List<ConsumerRecord<byte[], byte[]>> records;
    private final List<UpsertResolver.Item> upserts = new ArrayList<>();
    private final List<ProductDeletion> deletions = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private Stage stage = Stage.READ_HELD;
    private WriteTargets targets;
    private Map<String, StoredProduct> heldTarget = Map.of();
    private Map<String, StoredProduct> heldMirror = Map.of();
    private CompletableFuture<UpsertResolver.Resolution> resolving;
    private UpsertResolver.Resolution resolution;

    PendingBatch(List<ConsumerRecord<byte[], byte[]>> records, CatalogRecordDecoder decoder) {
        this.records = List.copyOf(records);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                switch (decoder.decode(record)) {
                    case CatalogChange.Upsert upsert -> upserts.add(new UpsertResolver.Item(record, upsert));
                    case CatalogChange.Removal removal ->
                        deletions.add(new ProductDeletion(removal.productId(), removal.version()));
                }
            } catch (RuntimeException e) {
                // whatever the bytes make the decoder throw, the cause is the record: it goes to the dead letters
                rejections.add(new Rejection(record, e));
            }
        }
    }

    int size() {
        return records.size();
    }

    /**
     * Runs what may run ahead of the batches before this one: reads what the store holds for its products, then
     * starts resolving them (fetching and embedding) on {@code executor}. Throws if the read fails; call again to
     * retry.
     */
    void prepare(BatchContext context, Executor executor) {
        if (stage == Stage.READ_HELD) {
            readHeld(context, context.store(), context.metrics());
            stage = Stage.RESOLVE;
        }
        if (stage == Stage.RESOLVE && resolving == null) {
            UpsertResolver resolver = new UpsertResolver(context, targets, heldTarget, heldMirror);
            resolving = CompletableFuture.supplyAsync(() -> resolver.resolve(upserts), executor);
        }
    }

    /** Whether the images are fetched and embedded (or that failed), so {@link #complete} will not wait for it. */
    boolean resolved() {
        return stage.ordinal() > Stage.RESOLVE.ordinal() || (resolving != null && resolving.isDone());
    }

    /** Waits up to {@code timeout} for the resolve to finish. */
    void awaitResolved(Duration timeout) {
        if (resolving == null) {
            return;
        }
        try {
            resolving.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // not done yet, or failed: complete() reports the failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the remaining stages, waiting for the resolve if needed: the writes. Call it on the
     * oldest batch in flight only, so batches are written and committed in order. Throws (leaving the batch where it
     * failed) if a stage fails; call again to retry from there.
     */
    void complete(BatchContext context, Executor executor) {
        prepare(context, executor);
        VectorStore store = context.store();
        IngestMetrics metrics = context.metrics();
        while (stage != Stage.DONE) {
            switch (stage) {
                case READ_HELD -> throw new IllegalStateException("prepare() reads what is held first");
                case RESOLVE -> resolution = joinResolve();
                case WRITE_UPSERTS -> {
                    if (!resolution.writes().isEmpty()) {
                        metrics.timeStore("upsert", () -> store.upsert(resolution.writes()));
                    }
                }
                case WRITE_DELETIONS -> {
                    if (!deletions.isEmpty()) {
                        metrics.timeStore("delete", () -> store.delete(deletions));
                    }
                }
                case DONE -> throw new IllegalStateException("unreachable");
            }
            stage = Stage.values()[stage.ordinal() + 1];
        }
        metrics.batchDone(context.source(), records.size(), counts());
    }

    private UpsertResolver.Resolution joinResolve() {
        try {
            return resolving.join();
        } catch (CompletionException e) {
            resolving = null; // the next attempt resolves again
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The offsets to commit once the batch is done: one past the last record of each partition. */
    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            offsets.merge(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /** The first offset of each partition in the batch. */
    Map<TopicPartition, Long> firstOffsets() {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        return first;
    }

    Set<TopicPartition> partitions() {
        return new LinkedHashSet<>(firstOffsets().keySet());
    }

    private void readHeld(BatchContext context, VectorStore store, IngestMetrics metrics) {
        targets = context.targets().get();
        if (upserts.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        upserts.forEach(item -> ids.add(item.change().productId()));
        heldTarget = metrics.timeStore("read", () -> store.getProducts(targets.target(), ids));
        heldMirror = targets.mirror().isEmpty()
                ? Map.of()
                : metrics.timeStore(
                        "read", () -> store.getProducts(targets.mirror().get(), ids));
    }

    /** The batch's rejected records (once {@link #complete} has returned): they go out with its offsets. */
    List<Rejection> rejections() {
        return allRejections();
    }

    private List<Rejection> allRejections() {
        List<Rejection> all = new ArrayList<>(rejections);
        all.addAll(resolution.rejections());
        return all;
    }

    private IngestMetrics.BatchCounts counts() {
        return new IngestMetrics.BatchCounts(
                resolution.embedded(),
                resolution.scalarsOnly(),
                deletions.size(),
                resolution.stale(),
                allRejections().size());
    }
}
