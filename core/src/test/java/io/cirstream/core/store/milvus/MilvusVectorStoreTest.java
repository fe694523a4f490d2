package io.cirstream.core.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.store.ProductFilter;
import io.cirstream.core.store.SearchHit;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.VectorStoreContract;
import io.cirstream.core.store.VectorStoreException;
import io.cirstream.core.testkit.Integration;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector-store contract on the Milvus adapter, against a milvus-lite server: one per test class, and every
 * test drops the alias and collections it made, so the next starts on an empty server.
 */
@Integration
class MilvusVectorStoreTest extends VectorStoreContract {

    @TempDir
    static Path dataRoot;

    private static MilvusLiteServer server;

    @BeforeAll
    static void startServer() {
        server = MilvusLiteServer.start(dataRoot.resolve("milvus"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void dropEverything() {
        MilvusCleanup.dropEverything(server.uri());
    }

    @Override
    protected VectorStore openStore() {
        return MilvusVectorStore.connect(server.uri());
    }

    @Override
    protected VectorStore restart(VectorStore current) {
        current.close();
        return openStore();
    }

    @Test
    void encoderVersionsMapToSafeDistinctCollectionNames() {
        assertThat(MilvusNames.collectionName("enc-v1")).isEqualTo("cirstream_enc_2dv1");
        assertThat(MilvusNames.collectionName("a_b")).isNotEqualTo(MilvusNames.collectionName("a-b"));
        for (String version : new String[] {
            "enc-v1", "../x", "a_b", "é\"; drop", UUID.randomUUID().toString()
        }) {
            String name = MilvusNames.collectionName(version);
            assertThat(name).matches("[A-Za-z_][A-Za-z0-9_]*");
            assertThat(MilvusNames.encoderVersion(name)).contains(version);
        }
    }

    @Test
    void stringLiteralsAreEscaped() {
        assertThat(MilvusExpressions.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
    }

    @Test
    void aServerRestartedOnItsDataServesTheSameStoreToTheSameClient() {
        store.upsert(List.of(
                product("a", 1, 0, 0, 0).build(), product("b", 0, 1, 0, 0).build()));
        int port = server.port();

        server.close();
        server = MilvusLiteServer.start(dataRoot.resolve("milvus"), port);

        assertThat(store.activeCollection()).contains(V1);
        assertThat(store.search(new float[] {1, 0, 0, 0}, 1, ProductFilter.none()))
                .extracting(SearchHit::productId)
                .containsExactly("a");
        assertThat(store.getProducts(V1, List.of("a", "b"))).containsOnlyKeys("a", "b");
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        assertThatThrownBy(() -> store.count())
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("closed");
        store = null;
    }
}
