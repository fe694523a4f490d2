package io.cirstream.query.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.query.model.ModelEvent;
import io.cirstream.query.model.ServingCombiner;
import io.cirstream.query.testkit.Http;
import io.cirstream.query.testkit.ModelVersions;
import io.cirstream.schemas.avro.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Hot swap under a steady stream of queries: a version with a corrupt weights file and one for another encoder are
 * refused, a valid one takes over, a newer one follows, and announcing the older one again rolls back; every query is
 * answered, none by a refused version.
 */
@Integration
class ModelSwapTest extends QueryServiceHarness {

    private static final String MODEL = "combiner";
    private static final int CLIENTS = 2;

    @Override
    VectorStore openStore(Path directory) {
        return LuceneVectorStore.open(LuceneStoreConfig.defaults(directory));
    }

    @Override
    Optional<VectorStore> sharedStore() {
        return Optional.of(store);
    }

    @Override
    Map<String, String> storeSettings() {
        return Map.of();
    }

    @Test
    void refusedVersionsNeverAnswerAndTheValidOneTakesOverWithEveryQueryAnswered() throws Exception {
        ModelVersions versions = new ModelVersions(work.resolve("models"), work.resolve("scratch"), MODEL);
        Map<String, AtomicLong> answeredBy = new ConcurrentHashMap<>();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new java.util.ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().start(() -> {
                Http own = new Http(service.httpPort());
                for (int i = 0; running.get(); i++) {
                    Http.Response response = own.postJson(
                            "/api/v1/search",
                            "{\"productId\":\"p" + ((client * 7 + i) % PRODUCTS) + "\",\"caption\":\"caption " + (i % 5)
                                    + "\",\"k\":5}");
                    statuses.computeIfAbsent(response.status(), s -> new AtomicLong())
                            .incrementAndGet();
                    if (response.status() == 200) {
                        JsonNode body = response.json();
                        String version = body.path("modelVersion").asText();
                        answeredBy
                                .computeIfAbsent(version, v -> new AtomicLong())
                                .incrementAndGet();
                        for (JsonNode hit : body.path("hits")) {
                            assertThat(hit.path("lineage")
                                            .path("combinerVersion")
                                            .asText())
                                    .isEqualTo(version);
                        }
                    }
                }
            }));
        }
        String bundle = service.combiners().current().orElseThrow().version();
        awaitAnswers(answeredBy, bundle, 10);

        ModelVersion corrupt = versions.corrupt("v-corrupt", encoderVersion);
        ModelVersions.announce(kafka.bootstrapServers(), corrupt);
        awaitRefused("v-corrupt");
        ModelVersion foreign = versions.valid("v-foreign", 0.2f, "another-encoder");
        ModelVersions.announce(kafka.bootstrapServers(), foreign);
        awaitRefused("v-foreign");
        assertThat(serving()).isEqualTo(bundle);

        ModelVersion good = versions.valid("v-good", 0.1f, encoderVersion);
        ModelVersions.announce(kafka.bootstrapServers(), good);
        awaitAnswers(answeredBy, "v-good", 20);
        ModelVersion newer = versions.valid("v-newer", 0.05f, encoderVersion);
        ModelVersions.announce(kafka.bootstrapServers(), newer);
        awaitAnswers(answeredBy, "v-newer", 10);
        long goodBeforeRollback = answeredBy.get("v-good").get();
        ModelVersions.announce(kafka.bootstrapServers(), good);
        Await.until(
                "the rollback to v-good to answer",
                WAIT,
                () -> answeredBy.get("v-good").get() >= goodBeforeRollback + 10);

        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        System.out.println("ModelSwapTest: answers by version " + new TreeMap<>(answeredBy) + ", HTTP statuses "
                + new TreeMap<>(statuses));
        assertThat(statuses.keySet()).as("every query answered with hits").containsExactly(200);
        assertThat(answeredBy).doesNotContainKeys("v-corrupt", "v-foreign");
        assertThat(answeredBy).containsKeys(bundle, "v-good", "v-newer");
        assertThat(serving()).isEqualTo("v-good");
        JsonNode models = http.get("/api/v1/models").json();
        assertThat(models.path("serving").asText()).isEqualTo("v-good");
    }

    private String serving() {
        return service.combiners().current().map(ServingCombiner::version).orElse("none");
    }

    private void awaitAnswers(Map<String, AtomicLong> answeredBy, String version, long count) {
        Await.until(
                count + " answers by " + version,
                WAIT,
                () -> Optional.ofNullable(answeredBy.get(version))
                                .map(AtomicLong::get)
                                .orElse(0L)
                        >= count);
    }

    private void awaitRefused(String version) {
        Await.until(version + " refused", WAIT, () -> service.combiners().events().stream()
                .anyMatch(event -> event.version().equals(version) && event.status() == ModelEvent.Status.REFUSED));
    }
}
