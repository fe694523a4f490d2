package io.cirstream.ingest.app;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.ingest.config.IngestConfig;
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
        return Map.of(IngestConfig.STORE_KIND, "lucene", IngestConfig.LUCENE_DIRECTORY, directory.toString());
    }
}
