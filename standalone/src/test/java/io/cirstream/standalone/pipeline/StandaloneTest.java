package io.cirstream.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.config.Settings;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.trainer.log.Triplet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cirstream standalone} in this JVM on free ports: the first start streams a small demo catalogue in and
 * indexes it; a composed query and a feedback go over real HTTP (the query answered through {@code cir.queries}, the
 * feedback reaching the trainer's log through {@code cir.triplets}); a clean stop in reverse order; a second start on
 * the same data directory resumes: the index intact, nothing embedded again (the ingest service's counter of embedded
 * images stays 0), no catalogue event or training triplet sent again, the same query answered alike.
 */
@Integration
class StandaloneTest {

    private static final int PRODUCTS = 150;
    private static final long SEED = 7;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> STOP_ORDER = List.of(
            "query service",
            "trainer service",
            "encoder line",
            "ingest service",
            "vector store",
            "image encoder",
            "admin client",
            "Kafka broker");

    @TempDir
    Path dir;

    private StandaloneConfig config() {
        return new StandaloneConfig(
                dir.resolve("data"),
                Repository.file("fixtures/tiny-bundle"),
                PRODUCTS,
                SEED,
                0,
                2,
                PipelineConfig.DEFAULT_TRAIN_BATCH_SIZE,
                "cpu",
                Settings.of(Map.of()));
    }

    @Test
    void startsIndexesAnswersTakesFeedbackStopsAndResumesWithoutEmbeddingAgain() throws Exception {
        StringWriter console = new StringWriter();
        JsonNode firstHits;
        String feedbackId;
        int logAfterFeedback;
        String reference = "syn-000010";
        String caption = "is red and has long sleeves";
        try (Standalone first = Standalone.start(config(), StepProgress.NONE, new PrintWriter(console, true))) {
            Standalone.Ready ready = first.ready();
            assertThat(ready.restarted()).isFalse();
            assertThat(ready.catalogueEventsSent()).isEqualTo(PRODUCTS);
            assertThat(ready.stored()).isEqualTo(PRODUCTS);
            assertThat(ready.embedded()).isEqualTo(PRODUCTS);
            assertThat(ready.tripletsSent()).isPositive();
            assertThat(first.store().count()).isEqualTo(PRODUCTS);
            assertThat(console.toString()).contains("first start", "RANDOM weights", "not semantically meaningful");
            URI base = ready.address();

            HttpResponse<String> search =
                    post(base, "/api/v1/search", Map.of("productId", reference, "caption", caption, "k", 5));
            assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
            firstHits = JSON.readTree(search.body()).path("hits");
            assertThat(firstHits).hasSize(5);
            for (JsonNode hit : firstHits) {
                assertThat(hit.path("productId").asText()).isNotEqualTo(reference);
                assertThat(hit.path("lineage").path("combinerVersion").asText()).startsWith("bundle:");
                assertThat(hit.path("product").path("title").asText()).isNotBlank();
            }

            int logBefore = first.trainer().log().size();
            String target = firstHits.get(0).path("productId").asText();
            HttpResponse<String> feedback = post(
                    base, "/api/v1/feedback", Map.of("referenceId", reference, "caption", caption, "targetId", target));
            assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(202);
            feedbackId = JSON.readTree(feedback.body()).path("tripletId").asText();
            Await.until(
                    "the feedback triplet in the trainer's log",
                    WAIT,
                    () -> first.trainer().log().size() > logBefore);
            assertThat(first.trainer().log().triplets()).extracting(Triplet::id).contains(feedbackId);
            logAfterFeedback = first.trainer().log().size();

            JsonNode live = JSON.readTree(get(base, "/demo/api/live").body());
            assertThat(live.path("indexSize").asLong()).isEqualTo(PRODUCTS);
            assertThat(live.path("topics").path("catalog.products").asLong()).isEqualTo(PRODUCTS);
            assertThat(live.path("topics").path("cir.triplets").asLong()).isGreaterThanOrEqualTo(logAfterFeedback);
            HttpResponse<String> root = get(base, "/");
            assertThat(root.statusCode()).isEqualTo(302);
            assertThat(root.headers().firstValue("Location")).contains("/demo/");
            assertThat(get(base, "/demo/").body()).contains("<title>cirstream", "/demo/demo.js");
            assertThat(get(base, "/demo/demo.js").body()).contains("const API = \"/api/v1\"", "${API}/search");

            first.close();
            assertThat(first.stopped()).containsExactlyElementsOf(STOP_ORDER);
        }

        StringWriter again = new StringWriter();
        try (Standalone second = Standalone.start(config(), StepProgress.NONE, new PrintWriter(again, true))) {
            Standalone.Ready ready = second.ready();
            assertThat(again.toString()).contains("resuming");
            assertThat(ready.restarted()).isTrue();
            assertThat(ready.catalogueEventsSent())
                    .as("catalogue events sent again")
                    .isZero();
            assertThat(ready.tripletsSent()).as("training triplets sent again").isZero();
            assertThat(ready.stored()).isEqualTo(PRODUCTS);
            assertThat(second.store().count()).as("the index after the restart").isEqualTo(PRODUCTS);
            assertThat(ready.embedded()).as("images embedded again").isZero();
            assertThat(second.ingest()
                            .metrics()
                            .registry()
                            .find(IngestMetrics.EMBEDDED_IMAGES)
                            .counter()
                            .count())
                    .as("the ingest service's counter of embedded images")
                    .isZero();
            Await.until(
                    "the trainer's log read again", WAIT, () -> second.trainer().caughtUp());
            assertThat(second.trainer().log().size()).isEqualTo(logAfterFeedback);
            assertThat(second.trainer().log().triplets())
                    .extracting(Triplet::id)
                    .contains(feedbackId);

            HttpResponse<String> search = post(
                    second.ready().address(),
                    "/api/v1/search",
                    Map.of("productId", reference, "caption", caption, "k", 5));
            assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
            assertThat(ids(JSON.readTree(search.body()).path("hits"))).isEqualTo(ids(firstHits));
        }
    }

    private static List<String> ids(JsonNode hits) {
        return java.util.stream.StreamSupport.stream(hits.spliterator(), false)
                .map(hit -> hit.path("productId").asText())
                .toList();
    }

    private static HttpResponse<String> post(URI base, String path, Map<String, Object> body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
