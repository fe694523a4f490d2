package io.cirstream.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceHttpTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void healthIsUpWhenEveryCheckIsUpAndDownWith503OtherwiseNamingTheCheck() throws Exception {
        AtomicBoolean storeUp = new AtomicBoolean(true);
        try (ServiceHttp http = ServiceHttp.builder("test-service")
                .host("127.0.0.1")
                .health("kafka", () -> HealthStatus.up("connected"))
                .health("store", () -> storeUp.get() ? HealthStatus.up("12 products") : HealthStatus.down("refused"))
                .start()) {
            HttpResponse<String> up = get(http, "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body())
                    .isEqualTo("{\"status\":\"UP\",\"service\":\"test-service\",\"checks\":{"
                            + "\"kafka\":{\"status\":\"UP\",\"detail\":\"connected\"},"
                            + "\"store\":{\"status\":\"UP\",\"detail\":\"12 products\"}}}");

            storeUp.set(false);
            HttpResponse<String> down = get(http, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body())
                    .contains("\"status\":\"DOWN\"", "\"store\":{\"status\":\"DOWN\",\"detail\":\"refused\"}");

            assertThat(get(http, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aCheckThatThrowsCountsAsDown() throws Exception {
        try (ServiceHttp http = ServiceHttp.builder("s")
                .host("127.0.0.1")
                .health("broken", () -> {
                    throw new IllegalStateException("no connection");
                })
                .start()) {
            HttpResponse<String> response = get(http, "/health");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("check failed: java.lang.IllegalStateException: no connection");
        }
    }

    @Test
    void metricsServeThePrometheusFormatWithTheServiceTag() throws Exception {
        PrometheusMeterRegistry registry = ServiceMetrics.create("ingest-service");
        registry.counter("cirstream.ingest.events", "outcome", "upserted").increment(3);
        try (ServiceHttp http = ServiceHttp.builder("ingest-service")
                .host("127.0.0.1")
                .registry(registry)
                .start()) {
            HttpResponse<String> response = get(http, "/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("cirstream_ingest_events_total{outcome=\"upserted\",service=\"ingest-service\"} 3.0")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void servesTheServicesOwnRoutes() throws Exception {
        try (ServiceHttp http = ServiceHttp.builder("trainer")
                .host("127.0.0.1")
                .route(HandlerType.POST, "/train", ctx -> ctx.status(202).result("started"))
                .start()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri(http, "/train"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEqualTo("started");
            assertThat(get(http, "/nowhere").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void refusesDuplicateChecksAndBadPorts() {
        ServiceHttp.Builder builder = ServiceHttp.builder("s").health("a", () -> HealthStatus.up(""));
        assertThatThrownBy(() -> builder.health("a", () -> HealthStatus.up("")))
                .hasMessage("health check 'a' is declared twice");
        assertThatThrownBy(() -> builder.port(70_000))
                .hasMessage("port must be 0..65535 (0 = any free port), got 70000");
    }

    private HttpResponse<String> get(ServiceHttp http, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(http, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ServiceHttp http, String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }
}
