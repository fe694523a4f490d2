package io.cirstream.ingest.consume;

import io.cirstream.core.store.ProductDeletion;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.ingest.store.WriteTargets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One micro-batch of catalogue records on its way into the store, in stages: decode (at construction), read what
 * the store holds, resolve (fetch, embed), write the upserts, write the deletions, hand over the rejections. A stage
 * that fails (the store is down, the dead-letter topic does not answer) throws and is run again by the next
 * {@link #advance}; the stages before it are not. Writes are versioned, so running a stage again is harmless.
 */
final class PendingBatch {

    private enum Stage {
        READ_HELD,
        RESOLVE,
        WRITE_UPSERTS,
        WRITE_DELETIONS,
        HAND_OVER_REJECTIONS,
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

    /** Runs the remaining stages; throws (leaving the batch where it failed) if one fails. */
    void advance(BatchContext context) {
        VectorStore store = context.store();
        IngestMetrics metrics = context.metrics();
        while (stage != Stage.DONE) {
            switch (stage) {
                case READ_HELD -> readHeld(context, store, metrics);
                case RESOLVE ->
                    resolution = new UpsertResolver(context, targets, heldTarget, heldMirror).resolve(upserts);
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
                case HAND_OVER_REJECTIONS -> {
                    List<Rejection> all = allRejections();
                    if (!all.isEmpty()) {
                        context.rejections().accept(all);
                    }
                }
                case DONE -> throw new IllegalStateException("unreachable");
            }
            stage = Stage.values()[stage.ordinal() + 1];
        }
        metrics.batchDone(context.source(), records.size(), counts());
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
