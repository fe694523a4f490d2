package io.cirstream.ingest.chaos;

import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.combiner.FloatTensor;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.modelstore.S3Credentials;
import io.cirstream.core.modelstore.S3ModelStore;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.core.testkit.Repository;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The model store of a run: moto's S3-protocol server ({@code .venv-moto}, {@code tools/setup-moto.sh}) on a port of
 * its own, which can be stopped and started again on the same port with the objects it held. moto keeps its objects
 * in memory; its recorder ({@code MOTO_ENABLE_RECORDING}) appends every request to a file, and the restarted server
 * replays that file ({@code POST /moto-api/recorder/replay-recording}) before it is counted as serving again - the
 * durable disk a real store has. Combiner versions are published into it the way the trainer publishes them: the
 * weights under {@code s3://models/cirstream/<model>/<version>/}, then an announcement on {@code cir.models}.
 */
final class ModelStoreServer implements AutoCloseable {

    static final String MODEL = "combiner";
    private static final Path BINARY =
            Repository.root().resolve(".venv-moto").resolve("bin").resolve("moto_server");
    private static final String BUCKET = "models";
    private static final String PREFIX = "cirstream";
    private static final S3Credentials CREDENTIALS = new S3Credentials("chaos-access-key", "chaos-secret-key");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final Path recording;
    private final int port;
    private Process process;
    private int starts;

    private ModelStoreServer(Path directory, int port) {
        this.directory = directory;
        this.recording = directory.resolve("moto-recording.jsonl");
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static String notInstalled() {
        return "moto_server is not installed at " + BINARY + ": run tools/setup-moto.sh";
    }

    /** Starts moto and creates the bucket. */
    static ModelStoreServer start(Path directory) throws IOException {
        Files.createDirectories(directory);
        ModelStoreServer server = new ModelStoreServer(directory, freePort());
        server.launch();
        server.createBucket();
        return server;
    }

    /** The query service's {@code cirstream.model-store.*} settings for this store. */
    Map<String, String> settings() {
        Map<String, String> values = new TreeMap<>();
        values.put(ModelStoreConfig.LOCATION.name(), "s3://" + BUCKET + "/" + PREFIX);
        values.put(ModelStoreConfig.S3_ENDPOINT.name(), endpoint().toString());
        values.put(ModelStoreConfig.S3_PATH_STYLE.name(), "true");
        values.put(ModelStoreConfig.S3_ACCESS_KEY_ID.name(), CREDENTIALS.accessKeyId());
        values.put(ModelStoreConfig.S3_SECRET_ACCESS_KEY.name(), CREDENTIALS.secretAccessKey());
        values.put(ModelStoreConfig.S3_TIMEOUT.name(), REQUEST_TIMEOUT.toSeconds() + "s");
        return values;
    }

    /**
     * Stores a Combiner version (the bundle's weights with the output bias shifted by {@code shift}, so versions
     * compose differently) and returns its announcement, not yet sent.
     */
    ModelVersion publish(Path bundleDirectory, String version, float shift) throws IOException {
        ModelBundle bundle = ModelBundle.open(bundleDirectory, true);
        CombinerWeights base = CombinerWeights.load(bundle.combinerFile());
        Map<String, FloatTensor> state = new LinkedHashMap<>(base.stateDict());
        FloatTensor bias = state.get("output_layer.bias");
        float[] shifted = bias.values().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += shift * ((i % 3) - 1);
        }
        state.put("output_layer.bias", FloatTensor.of(shifted, bias.shape()));
        Path file = directory.resolve(version + ".safetensors");
        CombinerWeights.fromStateDict(state).save(file);
        String sha256 = ModelBundle.sha256(file);
        URI uri = S3ModelStore.open(access(), BUCKET, PREFIX).putWeights(MODEL, version, file, sha256);
        return ModelVersion.newBuilder()
                .setModelName(MODEL)
                .setVersion(version)
                .setParentVersion(null)
                .setUri(uri.toString())
                .setSha256(sha256)
                .setFeatureDim(base.dims().featureDim())
                .setProjectionDim(base.dims().projectionDim())
                .setHiddenDim(base.dims().hiddenDim())
                .setEncoderVersion(bundle.encoderVersion())
                .setMetrics(Map.of("recall_at_10", 0.1 + shift))
                .setTrainingSetSize(100)
                .setCreatedAt(Instant.now())
                .build();
    }

    /** Announces a version on {@code cir.models}, as the trainer does after publishing it. */
    static void announce(String bootstrapServers, ModelVersion version) {
        try (ModelAnnouncer announcer = ModelAnnouncer.connect(bootstrapServers, Map.of())) {
            announcer.announce(version);
        }
    }

    /** Stops the server (SIGTERM): every request is refused until {@link #startAgain}. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts it again on the same port and replays what it recorded: it serves the same objects as before. */
    void startAgain() throws IOException, InterruptedException {
        launch();
        HttpResponse<String> replay = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(endpoint().resolve("/moto-api/recorder/replay-recording"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .timeout(START_LIMIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (replay.statusCode() != 200) {
            throw new IllegalStateException("moto did not replay its recording: HTTP " + replay.statusCode());
        }
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("moto-" + (++starts) + ".log").toFile());
        builder.environment().put("MOTO_ENABLE_RECORDING", "True");
        builder.environment().put("MOTO_RECORDER_FILEPATH", recording.toString());
        process = builder.start();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("moto_server did not open port " + port + " within " + START_LIMIT);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
            }
        }
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private ModelStoreConfig.S3Access access() {
        return new ModelStoreConfig.S3Access(
                Optional.of(endpoint()),
                ModelStoreConfig.DEFAULT_REGION,
                true,
                Optional.of(CREDENTIALS),
                REQUEST_TIMEOUT);
    }

    /** Creates the bucket with a plain path-style PUT (moto runs without signature checks here). */
    private void createBucket() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/" + BUCKET))
                .timeout(REQUEST_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(
                        "creating bucket " + BUCKET + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
