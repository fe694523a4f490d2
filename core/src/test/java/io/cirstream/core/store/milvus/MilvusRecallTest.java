package io.cirstream.core.store.milvus;

import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.VectorStoreRecallContract;
import io.cirstream.core.testkit.Integration;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Milvus adapter's recall (see {@link VectorStoreRecallContract}) on a milvus-lite server. milvus-lite appears to
 * search exhaustively (≈200 ms a search at 20k × 64-d, whatever ef), so this checks the adapter's ranking and
 * filtering rather than HNSW; against Milvus proper the same test exercises HNSW.
 */
@Integration
class MilvusRecallTest extends VectorStoreRecallContract {

    @TempDir
    static Path dataRoot;

    private MilvusLiteServer server;

    @Override
    protected VectorStore openStore() {
        server = MilvusLiteServer.start(dataRoot.resolve("milvus"));
        return MilvusVectorStore.connect(server.uri());
    }

    @Override
    protected int batchSize() {
        return 2_000;
    }

    @Override
    protected String label() {
        return "milvus-lite";
    }

    @Override
    protected void closeResources() {
        if (server != null) {
            server.close();
        }
    }
}
