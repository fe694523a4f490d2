package io.cirstream.core.store.milvus;

import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.VectorStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.milvus.MilvusContainer;

/**
 * The vector-store contract on the Milvus adapter against Milvus proper (standalone, embedded etcd) in Docker,
 * through Testcontainers: one container per test class, and every test drops the alias and collections it made.
 * Skipped, not failed, where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MilvusContainerVectorStoreTest extends VectorStoreContract {

    static final String IMAGE = "milvusdb/milvus:v2.6.4";

    @Container
    static final MilvusContainer MILVUS = new MilvusContainer(IMAGE);

    @AfterEach
    void dropEverything() {
        MilvusCleanup.dropEverything(MILVUS.getEndpoint());
    }

    @Override
    protected VectorStore openStore() {
        return MilvusVectorStore.connect(MILVUS.getEndpoint());
    }
}
