package io.cirstream.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.core.store.milvus.MilvusLiteServer;
import io.cirstream.core.store.milvus.MilvusVectorStore;
import io.cirstream.ingest.testkit.IngestHarness;
import io.cirstream.ingest.testkit.TestImages;
import io.cirstream.ingest.testkit.Upsert;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest pipeline on the Milvus adapter against a real Milvus-protocol server (milvus-lite, one per test on its
 * own data directory), and what only a server can show: a store outage mid-stream.
 */
class MilvusIngestTest extends IngestPipelineContract {

    private MilvusLiteServer server;
    private Path dataDirectory;

    @Override
    protected VectorStore openStore(Path directory) {
        dataDirectory = directory;
        server = MilvusLiteServer.start(directory);
        return MilvusVectorStore.connect(server.uri());
    }

    @Override
    protected Map<String, String> storeSettings(Path directory) {
        return Map.of(VectorStoreConfig.KIND.name(), "milvus", VectorStoreConfig.MILVUS_URI.name(), server.uri());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStoreOutageMidStreamPausesConsumptionAndLosesNothing() {
        IngestService service = startService(Map.of());
        for (int i = 0; i < 6; i++) {
            producer.send(Upsert.of("p" + i, TestImages.png(i, 16)).price(i));
        }
        harness.awaitCommitted(group);
        Map<TopicPartition, OffsetAndMetadata> beforeOutage = harness.committed(group);
        int port = server.port();

        server.close();
        for (int i = 0; i < 6; i++) {
            producer.send(
                    Upsert.of("p" + i, TestImages.png(i, 16)).price(100 + i).at(2_000));
        }
        for (int i = 6; i < 10; i++) {
            producer.send(Upsert.of("p" + i, TestImages.png(i, 16)).price(i).at(2_000));
        }
        producer.delete("p0", 3_000);
        IngestHarness.awaitTrue(
                "the store check to report the outage",
                () -> !service.health().get("store").healthy());
        assertThat(service.health().get("store").detail()).contains("paused");
        assertThat(service.health().get("consumer").healthy())
                .as("the consumer keeps polling while paused")
                .isTrue();
        assertThat(harness.committed(group))
                .as("nothing is committed while the store is down")
                .isEqualTo(beforeOutage);

        server = MilvusLiteServer.start(dataDirectory, port);
        harness.awaitCommitted(group);

        List<String> ids = IntStream.range(0, 10).mapToObj(i -> "p" + i).toList();
        Map<String, StoredProduct> held = held(ids.toArray(String[]::new));
        assertThat(held).containsOnlyKeys(ids.subList(1, 10));
        for (int i = 1; i < 10; i++) {
            assertThat(held.get("p" + i).priceMinorUnits()).isEqualTo(i < 6 ? 100 + i : i);
        }
        assertThat(store.count()).isEqualTo(9);
        assertThat(service.health().get("store").healthy()).isTrue();
    }
}
