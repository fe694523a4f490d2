package io.cirstream.ingest.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.testkit.Await;
import io.cirstream.query.app.QueryApp;
import io.cirstream.query.config.QueryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query service as a process of its own ({@link QueryApp} on this test's classpath, the same way as
 * {@link IngestProcess}): HTTP on a free port, read from its log once it serves. It reads the store the ingest process
 * writes, so it runs beside ingest only on Milvus (a Lucene directory belongs to one process).
 */
final class QueryProcess implements AutoCloseable {

    /** Why a Lucene cell runs no query service. */
    static final String NOT_ON_LUCENE = "the query service reads the store the ingest process writes, and a Lucene"
            + " directory belongs to one process (ingest's here): queries and the model store run beside ingest on"
            + " Milvus";

    private static final long STOP_SECONDS = 60;
    private static final Duration START_LIMIT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("serving HTTP on (\\d+)");

    private final Map<String, String> settings;
    private final Path log;
    private Process process;
    private int port;

    QueryProcess(Map<String, String> settings, Path logDirectory) {
        this.settings = new TreeMap<>(settings);
        this.log = logDirectory.resolve("query.log");
    }

    /**
     * Settings for a query service on the tiny bundle reading {@code store} (the ingest service's store settings)
     * and Combiner versions from {@code modelStore} (its {@code cirstream.model-store.*} keys).
     */
    static Map<String, String> settings(
            String bootstrapServers,
            String bundle,
            Map<String, String> store,
            Map<String, String> modelStore,
            Path dataDirectory) {
        Map<String, String> values = new TreeMap<>(store);
        values.putAll(modelStore);
        values.put(QueryConfig.BOOTSTRAP_SERVERS.name(), bootstrapServers);
        values.put(QueryConfig.BUNDLE.name(), bundle);
        values.put(QueryConfig.DATA_DIRECTORY.name(), dataDirectory.toString());
        values.put(QueryConfig.STREAM_THREADS.name(), "2");
        values.put(QueryConfig.HTTP_PORT.name(), "0");
        // the driver is one client address: the per-client limit would answer 429 to the test, not to a fault
        values.put(QueryConfig.MAX_REQUESTS_PER_SECOND.name(), "1000");
        values.put(QueryConfig.RESULT_TIMEOUT.name(), QueryTraffic.RESULT_TIMEOUT.toSeconds() + "s");
        values.put("cirstream.model.device", "cpu");
        return values;
    }

    /** Starts it and waits until it answers HTTP. */
    void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.cirstream=info"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), QueryApp.class.getName()));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the query process", e);
        }
        Await.until("the query service to serve HTTP", START_LIMIT, () -> {
            requireAlive();
            Matcher serving = SERVING.matcher(currentLog());
            if (serving.find()) {
                port = Integer.parseInt(serving.group(1));
                return true;
            }
            return false;
        });
    }

    int port() {
        return port;
    }

    /** A GET on the service's HTTP port: the body (any status), or an empty string if it did not answer. */
    String get(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Waits until a search goes through the topology and back: the first answer that is not the gateway's 504 (a
     * 404 for a product not indexed yet, a 503 before the store has the encoder's collection, or hits). These probes
     * are not counted in the matrix.
     */
    void awaitAnswering() {
        Await.until("the query service to answer a search through its topology", START_LIMIT, () -> {
            requireAlive();
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/search"))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"productId\":\"p0\",\"caption\":\"ready\",\"k\":1}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() != 504 && response.statusCode() != 429;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** The Combiner version {@code GET /api/v1/models} names as serving (empty if none or no answer). */
    String serving() {
        try {
            return JSON.readTree(get("/api/v1/models")).path("serving").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM: the service stops (HTTP first, then the streams commit their last transaction). */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("the query process did not stop on SIGTERM within " + STOP_SECONDS + " s");
        }
    }

    /** Fails, with its log, if the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the query process exited with " + process.exitValue() + ":\n" + currentLog());
        }
    }

    String currentLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        }
    }
}
