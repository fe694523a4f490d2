package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.DirectoryModelStore;
import io.cirstream.core.modelstore.ModelVersionJson;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.core.registry.ModelTopicReader;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code model list|promote|rollback} against a real broker and a directory model store. */
@Integration
class ModelCommandTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    private static final Path TINY_COMBINER = Repository.root().resolve("fixtures/tiny-bundle/combiner.safetensors");
    private static EmbeddedKafka kafka;

    @TempDir
    Path work;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.MODELS, Topics.MODELS_DLQ);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        CommandLine cli = CirstreamCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--model-store",
                work.resolve("models").toString()));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void publishBundleStoresTheArchiveAndAnnouncesItOnTheEncoderLine() {
        Path demo = Repository.root().resolve("fixtures/demo-bundle");
        String version = ModelBundle.open(demo).encoderVersion();

        Run published = run("model", "publish-bundle", "--bundle", demo.toString(), "--parent", "tiny-rn-0f6356ffc832");

        assertThat(published.exit()).as(published.err()).isZero();
        assertThat(published.out()).contains("announced bundle " + version + " on encoders");
        ModelVersion announced = ModelTopicReader.latest(kafka.bootstrapServers(), "encoders", Duration.ofSeconds(30))
                .orElseThrow();
        assertThat(announced.getVersion()).isEqualTo(version);
        assertThat(announced.getEncoderVersion()).isEqualTo(version);
        assertThat(announced.getParentVersion()).isEqualTo("tiny-rn-0f6356ffc832");
        assertThat(Path.of(URI.create(announced.getUri()))).exists().hasFileName("bundle.zip");
        assertThat(new DirectoryModelStore(work.resolve("models")).versions("encoders"))
                .containsExactly(version);

        Run refused = run("model", "publish-bundle", "--bundle", work.toString());
        assertThat(refused.exit()).isNotZero();
    }

    @Test
    void listShowsTheStoredVersionsAndRollbackAndPromoteMoveTheAnnouncement() {
        DirectoryModelStore store = new DirectoryModelStore(work.resolve("models"));
        List<ModelVersion> versions = List.of(
                store(store, "combiner", "20261201T100000Z-aaaaaaaa", null, 0.41),
                store(store, "combiner", "20261202T100000Z-bbbbbbbb", "20261201T100000Z-aaaaaaaa", 0.47),
                store(store, "combiner", "20261203T100000Z-cccccccc", "20261202T100000Z-bbbbbbbb", 0.52));
        try (ModelAnnouncer announcer = ModelAnnouncer.connect(kafka.bootstrapServers(), Map.of())) {
            announcer.announce(versions.get(2));
        }

        Run list = run("model", "list", "--model-name", "combiner");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .containsPattern("\\* +20261203T100000Z-cccccccc +20261202T100000Z-bbbbbbbb")
                .contains("0.5200")
                .contains("20261201T100000Z-aaaaaaaa");

        Run rollback = run("model", "rollback", "--model-name", "combiner");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out())
                .contains("announced combiner 20261202T100000Z-bbbbbbbb (was 20261203T100000Z-cccccccc)");
        assertThat(serving("combiner")).isEqualTo("20261202T100000Z-bbbbbbbb");

        assertThat(run("model", "rollback", "--model-name", "combiner").exit()).isZero();
        assertThat(serving("combiner")).isEqualTo("20261201T100000Z-aaaaaaaa");
        Run nothingOlder = run("model", "rollback", "--model-name", "combiner");
        assertThat(nothingOlder.exit()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(nothingOlder.err()).contains("is older than the announced 20261201T100000Z-aaaaaaaa");

        Run promote = run("model", "promote", "20261203T100000Z-cccccccc", "--model-name", "combiner");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(serving("combiner")).isEqualTo("20261203T100000Z-cccccccc");

        Run unknown = run("model", "promote", "20991231T000000Z-ffffffff", "--model-name", "combiner");
        assertThat(unknown.exit()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(unknown.err()).contains("no stored version 20991231T000000Z-ffffffff");
    }

    @Test
    void aVersionWhoseWeightsWereAlteredIsNeverAnnounced() throws Exception {
        DirectoryModelStore store = new DirectoryModelStore(work.resolve("models"));
        ModelVersion good = store(store, "other", "20261201T100000Z-aaaaaaaa", null, 0.3);
        ModelVersion altered = store(store, "other", "20261202T100000Z-bbbbbbbb", null, 0.4);
        Files.write(Path.of(URI.create(altered.getUri())), new byte[] {0}, StandardOpenOption.APPEND);
        try (ModelAnnouncer announcer = ModelAnnouncer.connect(kafka.bootstrapServers(), Map.of())) {
            announcer.announce(good);
        }

        Run promote = run("model", "promote", altered.getVersion(), "--model-name", "other");
        assertThat(promote.exit()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(promote.err())
                .contains("refusing to announce 20261202T100000Z-bbbbbbbb")
                .contains("sha256");
        assertThat(serving("other")).isEqualTo(good.getVersion());
    }

    private static String serving(String model) {
        return ModelTopicReader.latest(kafka.bootstrapServers(), model, Duration.ofSeconds(30))
                .orElseThrow()
                .getVersion();
    }

    private static ModelVersion store(
            DirectoryModelStore store, String model, String version, String parent, double recall) {
        String sha256 = ModelBundle.sha256(TINY_COMBINER);
        URI uri = store.putWeights(model, version, TINY_COMBINER, sha256);
        CombinerWeights weights = CombinerWeights.load(TINY_COMBINER);
        ModelVersion record = ModelVersion.newBuilder()
                .setModelName(model)
                .setVersion(version)
                .setParentVersion(parent)
                .setUri(uri.toString())
                .setSha256(sha256)
                .setFeatureDim(weights.dims().featureDim())
                .setProjectionDim(weights.dims().projectionDim())
                .setHiddenDim(weights.dims().hiddenDim())
                .setEncoderVersion("tiny-rn-0f6356ffc832")
                .setMetrics(Map.of("recall_at_10", recall))
                .setTrainingSetSize(100)
                .setCreatedAt(Instant.parse(version.substring(0, 4) + "-" + version.substring(4, 6) + "-"
                        + version.substring(6, 8) + "T10:00:00Z"))
                .build();
        store.putRecord(model, version, ModelVersionJson.write(record));
        return record;
    }
}
