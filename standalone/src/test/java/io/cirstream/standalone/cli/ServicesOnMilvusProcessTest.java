package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.store.milvus.MilvusLiteServer;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system as separate processes sharing a Milvus-protocol store, the way docker-compose runs it: milvus-lite,
 * {@code cirstream kafka}, {@code serve ingest} and {@code serve trainer} each a process of its own; a synthetic
 * catalogue published with {@code synth --publish} is embedded into Milvus by the ingest process, the trainer process
 * reads those features from Milvus, takes the triplets {@code triplets publish} sends, trains on request
 * ({@code model retrain}), gates the candidate and publishes it; {@code model list} shows it serving. Every process
 * stops on SIGTERM.
 */
@Integration
class ServicesOnMilvusProcessTest {

    private static final String BUNDLE = Repository.file("fixtures/tiny-bundle").toString();
    private static final int PRODUCTS = 500;
    private static final Duration WORK = Duration.ofMinutes(4);
    private static final Pattern EMBEDDED =
            Pattern.compile("cirstream_ingest_events_total\\{outcome=\"embedded\",[^}]*} ([0-9.]+)");
    private static final Pattern LOGGED = Pattern.compile("\"(\\d+) triplets in the log\"");
    private static final Pattern PUBLISHED_TRIPLETS = Pattern.compile("published (\\d+) dataset triplets");
    private static final Pattern PUBLISHED_VERSION = Pattern.compile("published (\\S+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;

    @Test
    void ingestAndTrainerProcessesShareMilvusAndATrainedCombinerIsPublished() throws Exception {
        Path synth = temp.resolve("synth");
        Path models = temp.resolve("models");
        try (MilvusLiteServer milvus = MilvusLiteServer.start(temp.resolve("milvus"));
                CliProcess kafka = CliProcess.kafka(temp)) {
            String bootstrap = kafka.await(CliProcess.BOOTSTRAP, CliProcess.START);
            Map<String, String> shared = new HashMap<>(Map.of(
                    "CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                    bootstrap,
                    "CIRSTREAM_MODEL_BUNDLE",
                    BUNDLE,
                    "CIRSTREAM_MODEL_DEVICE",
                    "cpu",
                    "CIRSTREAM_STORE_KIND",
                    "milvus",
                    "CIRSTREAM_STORE_MILVUS_URI",
                    milvus.uri()));

            try (CliProcess ingest = CliProcess.start(
                    temp.resolve("ingest.log"),
                    Map.of(),
                    shared,
                    "serve",
                    "ingest",
                    "--set",
                    "cirstream.ingest.http.port=0")) {
                int ingestPort = Integer.parseInt(ingest.await(CliProcess.RUNNING, CliProcess.START));

                CliRun published = CliRun.of(
                        "synth",
                        "--out",
                        synth.toString(),
                        "--products",
                        Integer.toString(PRODUCTS),
                        "--image-size",
                        "64",
                        "--publish",
                        bootstrap);
                assertThat(published.exitCode()).as(published.err()).isZero();
                Await.until(
                        "the ingest process embedded every product into Milvus",
                        WORK,
                        () -> embedded(ingestPort) == PRODUCTS);

                try (CliProcess trainer = CliProcess.start(
                        temp.resolve("trainer.log"),
                        Map.of(),
                        shared,
                        "serve",
                        "trainer",
                        "--set",
                        "cirstream.trainer.data-dir=" + temp.resolve("trainer"),
                        "--set",
                        "cirstream.model-store.uri=" + models,
                        "--set",
                        "cirstream.trainer.batch-size=64",
                        "--set",
                        "cirstream.trainer.http.port=0")) {
                    int trainerPort = Integer.parseInt(trainer.await(CliProcess.RUNNING, CliProcess.START));
                    // "running" comes before the trainer has read the triplet topic and the catalogue: wait for it
                    Await.until("the trainer's health names the catalogue", WORK, () -> get(trainerPort, "/health")
                            .contains(PRODUCTS + " products in"));

                    CliRun triplets = CliRun.of(
                            "triplets",
                            "publish",
                            "--dataset",
                            "cirr",
                            "--path",
                            synth.resolve("cirr").toString(),
                            "--bootstrap-servers",
                            bootstrap);
                    assertThat(triplets.exitCode()).as(triplets.err()).isZero();
                    int sent = Integer.parseInt(first(PUBLISHED_TRIPLETS, triplets.out()));
                    Await.until("the trainer's log holds every triplet", WORK, () -> logged(trainerPort) == sent);

                    CliRun retrain = CliRun.of("model", "retrain", "--trainer", "http://localhost:" + trainerPort);
                    assertThat(retrain.exitCode())
                            .as(retrain.err() + "\n" + trainer.output())
                            .isZero();
                    assertThat(retrain.out()).contains(": promoted (better: candidate recall_at_10");
                    String version = first(
                            PUBLISHED_VERSION,
                            retrain.out().substring(retrain.out().indexOf("promoted")));

                    CliRun list = CliRun.of(
                            "model", "list", "--model-store", models.toString(), "--bootstrap-servers", bootstrap);
                    assertThat(list.exitCode()).as(list.err()).isZero();
                    assertThat(list.out()).containsPattern("\\*\\s+" + Pattern.quote(version));

                    trainer.assertStoppedCleanly("cirstream serve trainer");
                }
                ingest.assertStoppedCleanly("cirstream serve ingest");
            }
            assertThat(kafka.terminate(CliProcess.STOP)).as(kafka.output()).isEqualTo(CliProcess.SIGTERM_EXIT);
        }
    }

    private long embedded(int port) {
        Matcher matcher = EMBEDDED.matcher(get(port, "/metrics"));
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
    }

    private long logged(int port) {
        Matcher matcher = LOGGED.matcher(get(port, "/health"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in:\n" + text).isTrue();
        return matcher.group(1);
    }

    private String get(int port, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
