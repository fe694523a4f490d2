package io.cirstream.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.config.Settings;
import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web demo's routes over real HTTP, without a broker or a trainer: the page and only its own files, and what the
 * page is told when no trainer is configured or the configured one cannot be reached. (With the whole system behind
 * them they are tested by standalone's {@code StandaloneTest} and, in Chromium, {@code BrowserDemoTest}.)
 */
class WebDemoTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NO_BROKER = "127.0.0.1:9";

    @TempDir
    Path dir;

    private record Answer(int status, String contentType, String body, Optional<String> location) {}

    private static Answer send(int port, String method, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body(),
                response.headers().firstValue("Location"));
    }

    private ServiceHttp serve(WebDemoConfig config, LuceneVectorStore store, WebDemo[] demo) {
        demo[0] = new WebDemo(config, NO_BROKER, store);
        return demo[0].addTo(ServiceHttp.builder("query").port(0)).start();
    }

    @Test
    void servesThePageAndOnlyItsFiles() throws Exception {
        WebDemo[] demo = new WebDemo[1];
        try (LuceneVectorStore store = LuceneVectorStore.open(LuceneStoreConfig.defaults(dir.resolve("index")));
                ServiceHttp http = serve(WebDemoConfig.withoutTrainer(), store, demo)) {
            int port = http.port();
            Answer root = send(port, "GET", "/");
            assertThat(root.status()).isEqualTo(302);
            assertThat(root.location()).contains("/demo/");

            Answer page = send(port, "GET", "/demo/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("<title>cirstream", "/demo/demo.js", "/demo/demo.css", "<label");
            for (String file : DemoPages.FILES.keySet()) {
                Answer answer = send(port, "GET", "/demo/" + file);
                assertThat(answer.status()).as(file).isEqualTo(200);
                assertThat(answer.contentType().replace(" ", ""))
                        .as(file)
                        .isEqualTo(DemoPages.FILES.get(file).replace(" ", ""));
            }
            assertThat(send(port, "GET", "/demo/demo.js").body().replace("\"http://www.w3.org/2000/svg\"", "SVG"))
                    .as("nothing fetched from another origin (the SVG namespace aside)")
                    .doesNotContain("http://", "https://");

            assertThat(send(port, "GET", "/demo/other.js").status()).isEqualTo(404);
            assertThat(send(port, "GET", "/demo/..%2Fopenapi.json").status()).isEqualTo(404);
            assertThat(send(port, "GET", "/demo/package-info.class").status()).isEqualTo(404);
        } finally {
            if (demo[0] != null) {
                demo[0].close();
            }
        }
    }

    @Test
    void tellsThePageWhyItCannotRetrain() throws Exception {
        WebDemo[] demo = new WebDemo[2];
        try (LuceneVectorStore store = LuceneVectorStore.open(LuceneStoreConfig.defaults(dir.resolve("index")))) {
            try (ServiceHttp none = serve(WebDemoConfig.withoutTrainer(), store, demo)) {
                Answer retrain = send(none.port(), "POST", WebDemo.TRAINER);
                assertThat(retrain.status()).isEqualTo(503);
                assertThat(retrain.body()).contains("no trainer is configured", WebDemoConfig.TRAINER_URL.name());
                assertThat(send(none.port(), "GET", WebDemo.TRAINER_HEALTH).status())
                        .isEqualTo(503);
            } finally {
                demo[0].close();
            }
            WebDemoConfig unreachable = new WebDemoConfig(Optional.of(URI.create("http://127.0.0.1:9")));
            try (ServiceHttp gone = serve(unreachable, store, demo)) {
                Answer retrain = send(gone.port(), "POST", WebDemo.TRAINER);
                assertThat(retrain.status()).isEqualTo(502);
                assertThat(retrain.body()).contains("cannot be reached", "http://127.0.0.1:9");
            } finally {
                demo[0].close();
            }
        }
    }

    @Test
    void readsTheTrainersAddress() {
        assertThat(WebDemoConfig.from(Settings.of(Map.of())).trainerUrl()).isEmpty();
        assertThat(WebDemoConfig.from(Settings.of(Map.of(WebDemoConfig.TRAINER_URL.name(), "http://trainer:8083/")))
                        .trainerUrl())
                .contains(URI.create("http://trainer:8083"));
        assertThatThrownBy(() ->
                        WebDemoConfig.from(Settings.of(Map.of(WebDemoConfig.TRAINER_URL.name(), "ftp://trainer"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(WebDemoConfig.TRAINER_URL.name());
    }
}
