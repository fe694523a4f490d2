package io.cirstream.query.app;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Integration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The query service on the embedded Lucene store (opened once, shared with the service as one JVM does). */
@Integration
class LuceneQueryServiceTest extends QueryServiceContract {

    @Override
    VectorStore openStore(Path directory) {
        return LuceneVectorStore.open(LuceneStoreConfig.defaults(directory));
    }

    @Override
    Optional<VectorStore> sharedStore() {
        return Optional.of(store);
    }

    @Override
    Map<String, String> storeSettings() {
        return Map.of();
    }
}
