package io.cirstream.query.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global catalogue store equal to the compacted catalogue topic: the latest event's bytes per product id,
 * removed on a tombstone. It stores the bytes as they are (as Kafka Streams' own restore does), so a restored store and
 * a processed one hold the same; readers decode and treat a {@code ProductDeleted} as absent.
 */
final class CatalogViewWriter implements Processor<String, byte[], Void, Void> {

    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(QueryTopology.CATALOG_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
