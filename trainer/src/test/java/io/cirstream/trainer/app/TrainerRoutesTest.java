package io.cirstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.trainer.training.TrainingCurve;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training API over HTTP, around a run that waits to be released. */
class TrainerRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runs;

    private final HttpClient client = HttpClient.newHttpClient();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);

    @Test
    void aRequestStartsARunASecondOneIsAConflictAndTheReportIsServedOnceItEnds() throws Exception {
        AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.of("still reading cir.models"));
        RunExecutor held = (runId, trigger, dir, progress, cancelled) -> {
            RunReport report = RunReport.started(runId, trigger, Instant.now(), "combiner");
            report.write(dir);
            try {
                Files.writeString(dir.resolve(TrainingCurve.SVG_FILE), "<svg/>");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            entered.countDown();
            awaitQuietly(release);
            return report;
        };
        try (TrainingCoordinator coordinator = new TrainingCoordinator(
                        held,
                        runs,
                        () -> 0,
                        notReady::get,
                        5,
                        Clock.systemUTC(),
                        new TrainingCoordinator.Listener() {});
                ServiceHttp http = new TrainerRoutes(coordinator)
                        .addTo(ServiceHttp.builder("trainer").host("127.0.0.1"))
                        .start()) {
            HttpResponse<String> early = post(http, "/train");
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(early.body()).path("message").asText()).isEqualTo("still reading cir.models");

            notReady.set(Optional.empty());
            HttpResponse<String> started = post(http, "/train");
            assertThat(started.statusCode()).isEqualTo(202);
            String runId = JSON.readTree(started.body()).path("runId").asText();
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            HttpResponse<String> second = post(http, "/train");
            assertThat(second.statusCode()).isEqualTo(409);
            JsonNode busy = JSON.readTree(second.body());
            assertThat(busy.path("runId").asText()).isEqualTo(runId);
            assertThat(busy.path("message").asText()).contains("is in progress; one runs at a time");
            assertThat(JSON.readTree(get(http, "/train").body())
                            .at("/running/runId")
                            .asText())
                    .isEqualTo(runId);

            release.countDown();
            HttpResponse<String> report = get(http, "/runs/" + runId);
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(report.body()).path("runId").asText()).isEqualTo(runId);
            assertThat(get(http, "/runs/" + runId + "/" + TrainingCurve.SVG_FILE)
                            .body())
                    .isEqualTo("<svg/>");
            assertThat(get(http, "/runs/run-20990101T000000000Z").statusCode()).isEqualTo(404);
            assertThat(get(http, "/runs/..%2F..%2Fetc").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> post(ServiceHttp http, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri(http, path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ServiceHttp http, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(http, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ServiceHttp http, String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
