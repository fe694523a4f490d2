package io.cirstream.ingest.store;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.milvus.MilvusVectorStore;

/** Opens the configured vector-store adapter. */
public final class VectorStores {

    private VectorStores() {}

    /** The store {@code config} names, open. */
    public static VectorStore open(StoreConfig config) {
        return switch (config.kind()) {
            case LUCENE ->
                LuceneVectorStore.open(
                        LuceneStoreConfig.defaults(config.luceneDirectory().orElseThrow()));
            case MILVUS -> MilvusVectorStore.connect(config.milvusUri().orElseThrow());
        };
    }
}
