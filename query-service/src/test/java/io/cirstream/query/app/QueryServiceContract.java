package io.cirstream.query.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.testkit.Await;
import io.cirstream.query.http.ApiRoute;
import io.cirstream.query.testkit.Http;
import io.cirstream.query.testkit.Queries;
import io.cirstream.query.testkit.TestCatalogue;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The query service as it runs: the in-JVM broker, a store, the topology, the HTTP API over real HTTP. Each subclass
 * gives the store; every test here runs against each.
 */
abstract class QueryServiceContract extends QueryServiceHarness {

    @Test
    void aJsonSearchAnswersWithProductsImagesAndLineage() {
        Http.Response response =
                http.postJson("/api/v1/search", "{\"productId\":\"p3\",\"caption\":\"is red\",\"k\":5}");

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("hits")).hasSize(5);
        for (JsonNode hit : body.path("hits")) {
            assertThat(hit.path("productId").asText()).isNotEqualTo("p3");
            assertThat(hit.path("product").path("title").asText()).contains("number");
            assertThat(hit.path("imageUrl").asText()).startsWith("/api/v1/products/");
            assertThat(hit.path("lineage").path("collection").asText()).isEqualTo(encoderVersion);
            assertThat(hit.path("lineage").path("encoderVersion").asText()).isEqualTo(encoderVersion);
            assertThat(hit.path("lineage").path("combinerVersion").asText()).startsWith("bundle:");
        }
        assertThat(body.path("modelVersion").asText()).startsWith("bundle:");
    }

    @Test
    void aMultipartSearchWithAnImageAndFiltersIsAnswered() {
        Http.Response response = http.postMultipart(
                "/api/v1/search",
                images.get("p5"),
                Map.of("caption", "is darker", "k", "3", "filters", "{\"categories\":[\"dress\"],\"inStock\":true}"));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().path("hits")).hasSize(3).allSatisfy(hit -> {
            assertThat(hit.path("product").path("category").asText()).isEqualTo("dress");
            assertThat(hit.path("product").path("inStock").asBoolean()).isTrue();
        });
    }

    @Test
    void badQueriesAreClearFourHundreds() {
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p-none\",\"caption\":\"x\"}"),
                404,
                "REFERENCE_NOT_FOUND");
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"" + "x".repeat(1001) + "\"}"),
                400,
                "INVALID_QUERY");
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"x\",\"k\":51}"),
                400,
                "INVALID_QUERY");
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"x\",\"kk\":5}"),
                400,
                "BAD_REQUEST");
        assertError(http.postJson("/api/v1/search", "{not json"), 400, "BAD_REQUEST");
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"x\",\"modelVersion\":\"v9\"}"),
                503,
                "MODEL_UNAVAILABLE");
        assertError(
                http.postMultipart("/api/v1/search", "not an image".getBytes(), Map.of("caption", "x")),
                422,
                "IMAGE_UNREADABLE");
        Http.Response tooLarge =
                http.postBytesExpectingContinue("/api/v1/search", "application/json", new byte[400_000]);
        assertError(tooLarge, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void tooLargeBodiesGetAClear413BeforeTheyAreSent() {
        // a client announcing a large body with Expect: 100-continue gets the 413 without sending it; without it the
        // server drains the refused body first (UnreadBodies), which still loses the race now and then (left open)
        for (int size : new int[] {400_000, 2_000_000, 8_000_000}) {
            assertError(
                    http.postBytesExpectingContinue("/api/v1/search", "application/json", new byte[size]),
                    413,
                    "PAYLOAD_TOO_LARGE");
        }
        assertThat(http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"x\"}")
                        .status())
                .isEqualTo(200);
    }

    private static void assertError(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void productsTheirImagesAndBrowsingComeFromTheCatalogue() {
        JsonNode product = http.get("/api/v1/products/p6").json();
        assertThat(product.path("title").asText()).isEqualTo(TestCatalogue.colour(6) + " dress number 6");
        assertThat(product.path("currency").asText()).isEqualTo("EUR");

        Http.Response image = http.get("/api/v1/products/p6/image");
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.body()).isEqualTo(images.get("p6"));

        assertThat(http.get("/api/v1/products/nope").status()).isEqualTo(404);
        JsonNode page =
                http.get("/api/v1/products?category=dress&q=RED&limit=200").json();
        assertThat(page.path("products")).isNotEmpty().allSatisfy(item -> {
            assertThat(item.path("category").asText()).isEqualTo("dress");
            assertThat(item.path("title").asText()).startsWith("red");
        });
        assertThat(http.get("/api/v1/products?limit=0").status()).isEqualTo(400);
    }

    @Test
    void feedbackBecomesAClickTripletOnTheTripletTopic() {
        Http.Response response = http.postJson(
                "/api/v1/feedback", "{\"referenceId\":\"p1\",\"caption\":\"in red\",\"targetId\":\"p8\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        String tripletId = response.json().path("tripletId").asText();

        LabelledTriplet triplet = readTriplet(tripletId);
        assertThat(triplet.getReferenceId()).isEqualTo("p1");
        assertThat(triplet.getTargetId()).isEqualTo("p8");
        assertThat(triplet.getCaption()).isEqualTo("in red");
        assertThat(triplet.getSource()).isEqualTo(TripletSource.FEEDBACK);

        assertThat(http.postJson(
                                "/api/v1/feedback",
                                "{\"referenceId\":\"p1\",\"caption\":\"in red\",\"targetId\":\"zz\"}")
                        .status())
                .isEqualTo(404);
        assertThat(http.postJson("/api/v1/feedback", "{\"referenceId\":\"p1\",\"caption\":\" \",\"targetId\":\"p2\"}")
                        .status())
                .isEqualTo(400);
    }

    private LabelledTriplet readTriplet(String tripletId) {
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            List<TopicPartition> partitions = reader.partitionsFor(Topics.TRIPLETS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (tripletId.equals(record.key())) {
                        return Topics.TRIPLETS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    }
                }
            }
        }
        throw new AssertionError("triplet " + tripletId + " not on " + Topics.TRIPLETS.name());
    }

    @Test
    void modelsHealthAndMetricsAreServed() {
        aJsonSearchAnswersWithProductsImagesAndLineage();
        JsonNode models = http.get("/api/v1/models").json();
        assertThat(models.path("serving").asText()).startsWith("bundle:");
        assertThat(models.path("versions").get(0).path("status").asText()).isEqualTo("SERVING");

        Http.Response health = http.get("/health");
        assertThat(health.status()).as(health.text()).isEqualTo(200);
        String metrics = http.get("/metrics").text();
        assertThat(metrics)
                .contains("cirstream_query_queries_total{outcome=\"HITS\"")
                .contains("cirstream_query_latency_seconds_bucket")
                .contains("cirstream_query_text_cache_hit_rate")
                .contains("cirstream_query_batch_size_bucket")
                .contains("cirstream_query_serving_version_info{")
                .contains("version=\"bundle:");
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutes() {
        JsonNode document = http.get("/api/v1/openapi.json").json();
        Set<String> documented = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths =
                document.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue()
                    .properties()
                    .forEach(method ->
                            documented.add(method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
        }
        List<String> routes = new ArrayList<>();
        for (ApiRoute route : service.api().routes()) {
            routes.add(route.method().name() + " " + route.path());
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
        for (String route : routes) {
            if (route.startsWith("GET ")) {
                int status = http.get(route.substring(4).replace("{id}", "p1")).status();
                assertThat(status).as(route).isEqualTo(200);
            }
        }
    }

    @Test
    void aQuerySentTwiceOnTheTopicGetsOneResult() throws Exception {
        ComposedQuery query = Queries.byProduct("dup-1", "p2", "in green", 3).build();
        byte[] bytes = Topics.QUERIES.valueSerde().serializer().serialize(Topics.QUERIES.name(), query);
        int partition = producer.send(new ProducerRecord<>(Topics.QUERIES.name(), "dup-1", bytes))
                .get()
                .partition();
        producer.send(new ProducerRecord<>(Topics.QUERIES.name(), partition, "dup-1", bytes))
                .get();
        ComposedQuery sentinel =
                Queries.byProduct("dup-sentinel", "p2", "in green", 3).build();
        producer.send(new ProducerRecord<>(
                        Topics.QUERIES.name(),
                        partition,
                        "dup-sentinel",
                        Topics.QUERIES.valueSerde().serializer().serialize(Topics.QUERIES.name(), sentinel)))
                .get();

        List<QueryResult> results = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            TopicPartition results0 = new TopicPartition(Topics.RESULTS.name(), partition);
            reader.assign(List.of(results0));
            reader.seekToBeginning(List.of(results0));
            Await.until("the sentinel's result", WAIT, () -> {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    results.add(Topics.RESULTS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                }
                return results.stream().anyMatch(r -> r.getQueryId().equals("dup-sentinel"));
            });
        }
        assertThat(results).filteredOn(r -> r.getQueryId().equals("dup-1")).hasSize(1);
    }
}
