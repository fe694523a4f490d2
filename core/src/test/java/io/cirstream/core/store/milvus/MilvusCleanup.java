package io.cirstream.core.store.milvus;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.utility.request.DropAliasReq;

/** Empties a Milvus server between tests: drops the active alias and every collection. */
final class MilvusCleanup {

    private MilvusCleanup() {}

    static void dropEverything(String uri) {
        MilvusClientV2 client =
                new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
        try {
            try {
                client.dropAlias(
                        DropAliasReq.builder().alias(MilvusNames.ACTIVE_ALIAS).build());
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
}
