package io.cirstream.ingest.chaos;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.core.store.milvus.MilvusLiteServer;
import io.cirstream.core.store.milvus.MilvusVectorStore;
import java.nio.file.Path;
import java.util.Map;

/** Where a run's ingest service writes: the embedded Lucene store, or Milvus (a milvus-lite server). */
sealed interface StoreBackend extends AutoCloseable {

    /** The service's store settings. */
    Map<String, String> settings();

    /** Opens the store for the audit, once the service has stopped. */
    VectorStore openForAudit();

    @Override
    void close();

    /** The Lucene store in a directory of its own. */
    record Lucene(Path directory) implements StoreBackend {

        @Override
        public Map<String, String> settings() {
            return Map.of(
                    VectorStoreConfig.KIND.name(),
                    "lucene",
                    VectorStoreConfig.LUCENE_DIRECTORY.name(),
                    directory.toString());
        }

        @Override
        public VectorStore openForAudit() {
            return LuceneVectorStore.open(LuceneStoreConfig.defaults(directory));
        }

        @Override
        public void close() {}
    }

    /** A milvus-lite server on a data directory, which can be stopped and started again on the same port. */
    final class Milvus implements StoreBackend {

        private final Path dataDirectory;
        private MilvusLiteServer server;
        private final int port;

        Milvus(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            this.server = MilvusLiteServer.start(dataDirectory);
            this.port = server.port();
        }

        @Override
        public Map<String, String> settings() {
            return Map.of(VectorStoreConfig.KIND.name(), "milvus", VectorStoreConfig.MILVUS_URI.name(), server.uri());
        }

        @Override
        public VectorStore openForAudit() {
            return MilvusVectorStore.connect(server.uri());
        }

        /** Stops the server (SIGTERM): the store is gone until {@link #startAgain}. */
        void stop() {
            server.close();
        }

        void startAgain() {
            server = MilvusLiteServer.start(dataDirectory, port);
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
