package io.cirstream.query.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.core.store.milvus.MilvusLiteServer;
import io.cirstream.core.store.milvus.MilvusVectorStore;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.query.testkit.Http;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The query service on the Milvus adapter against a real Milvus-protocol server (milvus-lite), the service opening its
 * own connection from its configuration as a deployment does.
 */
@Integration
class MilvusQueryServiceTest extends QueryServiceContract {

    private static final String SEARCH = "{\"productId\":\"p3\",\"caption\":\"is red\",\"k\":5}";

    private MilvusLiteServer server;
    private Path storeDirectory;

    @Override
    VectorStore openStore(Path directory) {
        storeDirectory = directory;
        server = MilvusLiteServer.start(directory);
        return MilvusVectorStore.connect(server.uri());
    }

    @Override
    Optional<VectorStore> sharedStore() {
        return Optional.empty();
    }

    @Override
    Map<String, String> storeSettings() {
        return Map.of(VectorStoreConfig.KIND.name(), "milvus", VectorStoreConfig.MILVUS_URI.name(), server.uri());
    }

    @Override
    Map<String, String> serviceOverrides() {
        // Room for the SDK's retries of the two calls a search makes to a server that is down (each at most 10 s).
        return Map.of(io.cirstream.query.config.QueryConfig.RESULT_TIMEOUT.name(), "60s");
    }

    /**
     * A search while Milvus is down is a 503 the client may retry (the store did not answer), not a 500; once the
     * server is back on the same port and data, the same search is answered with hits.
     */
    @Test
    void aSearchWhileTheStoreIsDownIsA503AndServedOnceItIsBack() {
        assertThat(http.postJson("/api/v1/search", SEARCH).status()).isEqualTo(200);
        int port = server.port();
        server.close();

        Http.Response down = http.postJson("/api/v1/search", SEARCH);

        assertThat(down.status()).as(down.text()).isEqualTo(503);
        assertThat(down.json().path("error").path("code").asText()).isEqualTo("MODEL_UNAVAILABLE");
        assertThat(down.json().path("error").path("message").asText()).contains("catalogue index is unavailable");

        server = MilvusLiteServer.start(storeDirectory, port);
        Await.until(
                "a search answered with hits after milvus-lite is back",
                WAIT,
                () -> http.postJson("/api/v1/search", SEARCH).status() == 200);
    }

    @Override
    void stopStoreServer() {
        if (server != null) {
            server.close();
        }
    }
}
