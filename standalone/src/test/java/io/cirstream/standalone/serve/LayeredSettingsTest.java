package io.cirstream.standalone.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.config.Settings;
import io.cirstream.ingest.config.IngestConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayeredSettingsTest {

    private static final String KEY = "cirstream.ingest.batch-size";
    private static final String ENV = "CIRSTREAM_INGEST_BATCH_SIZE";

    private static Settings layered(
            Map<String, String> env, Map<String, String> props, Map<String, String> file, Map<String, String> sets) {
        return LayeredSettings.of(env, props, "ingest.properties", file, sets).settings();
    }

    @Test
    void setBeatsFileBeatsSystemPropertiesBeatsEnvironment() {
        Map<String, String> env = Map.of(ENV, "1");
        Map<String, String> props = Map.of(KEY, "2");
        Map<String, String> file = Map.of(KEY, "3");
        Map<String, String> sets = Map.of(KEY, "4");

        assertThat(layered(env, Map.of(), Map.of(), Map.of()).integer(KEY, 0)).isEqualTo(1);
        assertThat(layered(env, props, Map.of(), Map.of()).integer(KEY, 0)).isEqualTo(2);
        assertThat(layered(env, props, file, Map.of()).integer(KEY, 0)).isEqualTo(3);
        assertThat(layered(env, props, file, sets).integer(KEY, 0)).isEqualTo(4);
    }

    @Test
    void eitherFormOfAKeyInAHigherLayerWins() {
        // a plain Settings prefers the dotted form; layered, the layer decides
        assertThat(layered(Map.of(), Map.of(KEY, "2"), Map.of(ENV, "3"), Map.of())
                        .integer(KEY, 0))
                .isEqualTo(3);
        assertThat(layered(Map.of(), Map.of(), Map.of(KEY, "3"), Map.of(ENV, "4"))
                        .integer(KEY, 0))
                .isEqualTo(4);
        assertThat(layered(Map.of(ENV, "1"), Map.of(), Map.of(), Map.of("CIRSTREAM_ingest.batch-size", "5"))
                        .integer(KEY, 0))
                .isEqualTo(5);
    }

    @Test
    void anEmptyValueMeansTheDefaultAndOtherProgramsKeysAreLeftOut() {
        Settings settings =
                layered(Map.of(ENV, "7", "PATH", "/usr/bin"), Map.of("java.home", "/jdk"), Map.of(), Map.of(KEY, ""));
        assertThat(settings.integer(KEY, IngestConfig.DEFAULT_BATCH_SIZE)).isEqualTo(IngestConfig.DEFAULT_BATCH_SIZE);
        assertThat(settings.optionalString("PATH")).isEmpty();
        assertThat(settings.optionalString("java.home")).isEmpty();
    }

    @Test
    void theSummaryCountsTheServicesKeysPerLayer() {
        KnownKeys keys = ServedService.INGEST.keys();
        LayeredSettings layers = LayeredSettings.of(
                Map.of(ENV, "1", "CIRSTREAM_SKIP_BUILD", "1", "CIRSTREAM_TRAINER_SEED", "3"),
                Map.of(),
                "ingest.properties",
                Map.of(IngestConfig.BUNDLE.name(), "b", IngestConfig.BOOTSTRAP_SERVERS.name(), "k:9092"),
                Map.of(KEY, "2"));
        assertThat(layers.summary(keys)).isEqualTo("environment 1, ingest.properties 2, --set 1");
        assertThat(LayeredSettings.of(Map.of(), Map.of(), "f", Map.of(), Map.of())
                        .summary(keys))
                .isEqualTo("defaults only");
    }

    @Test
    void unknownKeysInAFileOrASetAreRefusedWithTheNearestKnownKey() {
        KnownKeys keys = ServedService.INGEST.keys();
        LayeredSettings typo = LayeredSettings.of(
                Map.of(), Map.of(), "ingest.properties", Map.of(), Map.of("cirstream.ingest.bach-size", "8"));
        assertThatThrownBy(() -> keys.check(typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown configuration key 'cirstream.ingest.bach-size' in --set")
                .hasMessageContaining("did you mean cirstream.ingest.batch-size?");
        LayeredSettings inFile = LayeredSettings.of(
                Map.of(), Map.of(), "ingest.properties", Map.of("CIRSTREAM_TRAINER_LEARNING_RATE", "1"), Map.of());
        assertThatThrownBy(() -> keys.check(inFile))
                .hasMessageContaining("'CIRSTREAM_TRAINER_LEARNING_RATE' in ingest.properties")
                .hasMessageContaining("the ingest service does not read it");
    }

    @Test
    void unknownKeysOfTheEnvironmentAreReportedNotRefusedAndLauncherVariablesNotAtAll() {
        KnownKeys keys = ServedService.TRAINER.keys();
        LayeredSettings layers = LayeredSettings.of(
                Map.of("CIRSTREAM_INGEST_BATCH_SIZE", "1", "CIRSTREAM_SKIP_BUILD", "1", "HOME", "/root"),
                Map.of("cirstream.home", "/opt/cirstream", "cirstream.trainer.seeds", "1"),
                "f",
                Map.of(),
                Map.of("cirstream.trainer.seed", "2"));
        assertThat(keys.check(layers))
                .containsExactlyInAnyOrder(
                        "CIRSTREAM_INGEST_BATCH_SIZE (environment)", "cirstream.trainer.seeds (system properties)");
    }

    @Test
    void editDistance() {
        assertThat(KnownKeys.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(KnownKeys.distance("", "abc")).isEqualTo(3);
        assertThat(KnownKeys.distance("same", "same")).isZero();
    }
}
