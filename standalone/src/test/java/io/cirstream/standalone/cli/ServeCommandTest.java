package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.testkit.Integration;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.trainer.config.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cirstream serve}'s refusals (exit code 2 with the reason) and its --check / --keys, in-process. */
@Integration
class ServeCommandTest {

    private static final String BUNDLE =
            Path.of("../fixtures/tiny-bundle").toAbsolutePath().toString();

    @TempDir
    Path temp;

    @Test
    void aMissingRequiredKeyIsRefusedWithItsNameAndBothForms() {
        CliRun run = CliRun.of("serve", "ingest", "--set", IngestConfig.BUNDLE.name() + "=" + BUNDLE);
        assertThat(run.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(run.err())
                .contains("cirstream.kafka.bootstrap-servers must be set")
                .contains("CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void aBadValueIsRefusedWithTheKeyAndTheValue() {
        CliRun run = CliRun.of(
                "serve",
                "trainer",
                "--set",
                "cirstream.kafka.bootstrap-servers=kafka:9092",
                "--set",
                TrainerConfig.BUNDLE.name() + "=" + BUNDLE,
                "--set",
                "CIRSTREAM_TRAINER_TRIGGER_INTERVAL=soon");
        assertThat(run.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(run.err())
                .contains("cirstream.trainer.trigger.interval must be a duration")
                .contains("'soon'");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheNearestOne() throws IOException {
        Path file = temp.resolve("ingest.properties");
        Files.writeString(file, "# a typo\ncirstream.ingest.batch-sizes=8\n");
        CliRun run = CliRun.of("serve", "ingest", "--config", file.toString());
        assertThat(run.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(run.err())
                .contains("unknown configuration key 'cirstream.ingest.batch-sizes' in " + file)
                .contains("did you mean cirstream.ingest.batch-size?");
    }

    @Test
    void aMissingFileAnUnknownServiceAndAMalformedSetAreRefused() {
        CliRun missing = CliRun.of(
                "serve", "ingest", "--config", temp.resolve("none.properties").toString());
        assertThat(missing.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(missing.err()).contains("none.properties does not exist");

        CliRun service = CliRun.of("serve", "search");
        assertThat(service.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(service.err()).contains("unknown service 'search': ingest, trainer or query");

        CliRun malformed = CliRun.of("serve", "ingest", "--set", "cirstream.ingest.batch-size");
        assertThat(malformed.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(malformed.err()).contains("KEY=VALUE");
    }

    @Test
    void checkPrintsTheValidatedConfigurationWithoutSecrets() throws IOException {
        Path file = temp.resolve("trainer.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "cirstream.kafka.bootstrap-servers=kafka:9092",
                        "cirstream.model.bundle=" + BUNDLE,
                        "cirstream.model-store.uri=s3://models/combiners",
                        "cirstream.model-store.s3.endpoint=http://minio:9000",
                        "cirstream.model-store.s3.access-key-id=AKIDEXAMPLE",
                        "CIRSTREAM_MODEL_STORE_S3_SECRET_ACCESS_KEY=do-not-print-me",
                        "cirstream.trainer.patience=3",
                        ""));
        CliRun run = CliRun.of(
                "serve", "trainer", "--check", "--config", file.toString(), "--set", "cirstream.trainer.patience=7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("cirstream serve trainer: configuration from")
                .contains(file + " 7, --set 1")
                .contains("patience=7")
                .contains("endpoint=http://minio:9000")
                .contains("secretAccessKey=****")
                .doesNotContain("do-not-print-me");
    }

    @Test
    void keysListsWhatTheServiceReads() {
        CliRun run = CliRun.of("serve", "ingest", "--keys");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactlyElementsOf(IngestConfig.keys());
    }
}
