package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.testkit.Integration;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services as platform teams run them, each a process of its own: {@code cirstream kafka} (the embedded broker
 * with every topic), then {@code cirstream serve ingest} on it (configured from the environment, a system property,
 * a properties file and {@code --set}, each layer over the one before) until {@code /health} is UP and
 * {@code /metrics} answers, stopped with SIGTERM; then {@code cirstream serve trainer} on the store the ingest service
 * set up, the same way; then {@code cirstream serve query} on it, whose search of an unknown product answers 404
 * through its topology; then the broker.
 */
@Integration
class ServeProcessTest {

    private static final String BUNDLE =
            Path.of("../fixtures/tiny-bundle").toAbsolutePath().toString();
    private static final int OK = 200;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;

    @Test
    void kafkaThenServeIngestThenServeTrainerThenServeQueryEachUpAndStoppedBySigterm() throws Exception {
        Path store = temp.resolve("store");
        try (CliProcess kafka = CliProcess.kafka(temp)) {
            String bootstrap = kafka.await(CliProcess.BOOTSTRAP, CliProcess.START);
            assertTopicsExistWithTheirDescriptorsSettings(bootstrap);

            Path properties = temp.resolve("ingest.properties");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "cirstream.model.bundle=" + BUNDLE,
                            "cirstream.store.lucene.directory=" + store,
                            "cirstream.ingest.batch-size=16",
                            ""));
            try (CliProcess ingest = CliProcess.start(
                    temp.resolve("ingest.log"),
                    // a system property over the environment's value, then --set over the system property
                    Map.of("cirstream.ingest.http.port", "not-a-port", "cirstream.ingest.batch-size", "oops"),
                    Map.of(
                            "CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                            "CIRSTREAM_INGEST_BATCH_MAX_WAIT", "never",
                            "CIRSTREAM_MODEL_DEVICE", "cpu"),
                    "serve",
                    "ingest",
                    "--config",
                    properties.toString(),
                    "--set",
                    "cirstream.ingest.http.port=0",
                    "--set",
                    "CIRSTREAM_INGEST_BATCH_MAX_WAIT=50ms")) {
                int port = Integer.parseInt(ingest.await(CliProcess.RUNNING, CliProcess.START));
                assertUpWithMetrics(port, "ingest", ingest);
                assertThat(ingest.output())
                        .contains("cirstream serve ingest: configuration from environment 3, system properties 2, "
                                + properties + " 3, --set 2");
                ingest.assertStoppedCleanly("cirstream serve ingest");
            }

            try (CliProcess trainer = CliProcess.start(
                    temp.resolve("trainer.log"),
                    Map.of(),
                    Map.of("CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                    "serve",
                    "trainer",
                    "--set",
                    "cirstream.model.bundle=" + BUNDLE,
                    "--set",
                    "cirstream.model.device=cpu",
                    "--set",
                    "cirstream.store.lucene.directory=" + store,
                    "--set",
                    "cirstream.trainer.data-dir=" + temp.resolve("trainer"),
                    "--set",
                    "cirstream.model-store.uri=" + temp.resolve("models"),
                    "--set",
                    "cirstream.trainer.http.port=0")) {
                int port = Integer.parseInt(trainer.await(CliProcess.RUNNING, CliProcess.START));
                assertUpWithMetrics(port, "trainer", trainer);
                trainer.assertStoppedCleanly("cirstream serve trainer");
            }

            try (CliProcess query = CliProcess.start(
                    temp.resolve("query.log"),
                    Map.of(),
                    Map.of("CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                    "serve",
                    "query",
                    "--set",
                    "cirstream.model.bundle=" + BUNDLE,
                    "--set",
                    "cirstream.model.device=cpu",
                    "--set",
                    "cirstream.store.lucene.directory=" + store,
                    "--set",
                    "cirstream.query.data-dir=" + temp.resolve("query"),
                    "--set",
                    "cirstream.model-store.uri=" + temp.resolve("models"),
                    "--set",
                    "cirstream.query.http.port=0")) {
                int port = Integer.parseInt(query.await(CliProcess.RUNNING, CliProcess.START));
                assertUpWithMetrics(port, "query", query);
                HttpResponse<String> unknown = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/search"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"productId\":\"nothing\",\"caption\":\"is red\"}"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
                assertThat(unknown.body()).contains("REFERENCE_NOT_FOUND");
                query.assertStoppedCleanly("cirstream serve query");
            }

            assertThat(kafka.terminate(CliProcess.STOP)).as(kafka.output()).isEqualTo(CliProcess.SIGTERM_EXIT);
            assertThat(kafka.output()).contains("cirstream kafka: stopped");
        }
    }

    private static void assertTopicsExistWithTheirDescriptorsSettings(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(Topics.ALL.stream().map(Topic::name).toList());
            ConfigResource catalogue = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CATALOG_PRODUCTS.name());
            Config config = admin.describeConfigs(List.of(catalogue))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(catalogue);
            Topics.CATALOG_PRODUCTS
                    .topicConfigs()
                    .forEach((key, value) ->
                            assertThat(config.get(key).value()).as(key).isEqualTo(value));
            assertThat(admin.describeTopics(List.of(Topics.CATALOG_PRODUCTS.name()))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(Topics.CATALOG_PRODUCTS.name())
                            .partitions())
                    .hasSize(Topics.CATALOG_PRODUCTS.partitions());
        }
    }

    /** Polls /health until UP (a service reports DOWN while it connects), then reads /metrics. */
    private void assertUpWithMetrics(int port, String service, CliProcess process) throws Exception {
        long deadline = System.nanoTime() + CliProcess.START.toNanos();
        HttpResponse<String> health = get(port, "/health");
        while (health.statusCode() != OK && System.nanoTime() < deadline) {
            Thread.sleep(250);
            health = get(port, "/health");
        }
        assertThat(health.statusCode())
                .as(health.body() + "\n" + process.output())
                .isEqualTo(OK);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"service\":\"" + service + "\"");
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(OK);
        assertThat(metrics.body()).contains("cirstream_" + service + "_").contains("service=\"" + service + "\"");
        assertThat(get(port, "/health/live").statusCode()).isEqualTo(OK);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
