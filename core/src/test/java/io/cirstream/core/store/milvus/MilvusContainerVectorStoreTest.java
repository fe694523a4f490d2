package io.cirstream.core.store.milvus;

import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.VectorStoreContract;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.utility.request.DropAliasReq;
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
        MilvusClientV2 client = new MilvusClientV2(
                ConnectConfig.builder().uri(MILVUS.getEndpoint()).build());
        try {
            try {
                client.dropAlias(DropAliasReq.builder()
                        .alias(MilvusVectorStore.ACTIVE_ALIAS)
                        .build());
            } catch (RuntimeException noAlias) {
                // nothing was switched to
            }
            for (String name : client.listCollections().getCollectionNames()) {
                client.dropCollection(
                        DropCollectionReq.builder().collectionName(name).build());
            }
        } finally {
            client.close();
        }
    }

    @Override
    protected VectorStore openStore() {
        return MilvusVectorStore.connect(MILVUS.getEndpoint());
    }
}
