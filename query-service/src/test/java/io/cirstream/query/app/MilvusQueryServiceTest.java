package io.cirstream.query.app;

import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.core.store.milvus.MilvusLiteServer;
import io.cirstream.core.store.milvus.MilvusVectorStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The query service on the Milvus adapter against a real Milvus-protocol server (milvus-lite), the service opening its
 * own connection from its configuration as a deployment does.
 */
class MilvusQueryServiceTest extends QueryServiceContract {

    private MilvusLiteServer server;

    @Override
    VectorStore openStore(Path directory) {
        server = MilvusLiteServer.start(directory);
        return MilvusVectorStore.connect(server.uri());
    }

    @Override
    Optional<VectorStore> sharedStore() {
        return Optional.empty();
    }

    @Override
    Map<String, String> storeSettings() {
        return Map.of(VectorStoreConfig.KIND, "milvus", VectorStoreConfig.MILVUS_URI, server.uri());
    }

    @Override
    void stopStoreServer() {
        if (server != null) {
            server.close();
        }
    }
}
