package io.cirstream.ingest.app;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.config.VectorStoreConfig;
import java.nio.file.Path;
import java.util.Map;

/** The ingest pipeline on the embedded Lucene store. */
class LuceneIngestTest extends IngestPipelineContract {

    @Override
    protected VectorStore openStore(Path directory) {
        return LuceneVectorStore.open(LuceneStoreConfig.defaults(directory));
    }

    @Override
    protected Map<String, String> storeSettings(Path directory) {
        return Map.of(
                VectorStoreConfig.KIND.name(),
                "lucene",
                VectorStoreConfig.LUCENE_DIRECTORY.name(),
                directory.toString());
    }
}
