package io.cirstream.standalone.cli;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.core.store.milvus.MilvusLiteServer;
import io.cirstream.core.store.milvus.MilvusVectorStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The vector store a benchmark writes to, fresh in a work directory: the embedded Lucene store, or Milvus through a
 * milvus-lite server started from {@code .venv-milvus} (tools/setup-milvus-lite.sh) and stopped on close.
 */
final class BenchStore implements AutoCloseable {

    private final String kind;
    private final VectorStore store;
    private final MilvusLiteServer server;
    private final Map<String, String> settings;

    private BenchStore(String kind, VectorStore store, MilvusLiteServer server, Map<String, String> settings) {
        this.kind = kind;
        this.store = store;
        this.server = server;
        this.settings = settings;
    }

    /** Opens a fresh store of this kind ({@code lucene} or {@code milvus}) under {@code work}. */
    static BenchStore open(String kind, Path work) {
        String name = kind.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "lucene" -> {
                Path directory = work.resolve("lucene");
                yield new BenchStore(
                        name,
                        LuceneVectorStore.open(LuceneStoreConfig.defaults(directory)),
                        null,
                        Map.of(
                                VectorStoreConfig.KIND.name(),
                                name,
                                VectorStoreConfig.LUCENE_DIRECTORY.name(),
                                directory.toString()));
            }
            case "milvus" -> {
                MilvusLiteServer server = MilvusLiteServer.start(work.resolve("milvus"));
                try {
                    yield new BenchStore(
                            name,
                            MilvusVectorStore.connect(server.uri()),
                            server,
                            Map.of(
                                    VectorStoreConfig.KIND.name(),
                                    name,
                                    VectorStoreConfig.MILVUS_URI.name(),
                                    server.uri()));
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
            default -> throw new IllegalArgumentException("--store must be lucene or milvus, got '" + kind + "'");
        };
    }

    String kind() {
        return kind;
    }

    VectorStore store() {
        return store;
    }

    /** The ingest settings naming this store. */
    Map<String, String> settings() {
        return settings;
    }

    @Override
    public void close() {
        store.close();
        if (server != null) {
            server.close();
        }
    }
}
