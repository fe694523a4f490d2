package io.cirstream.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    private static final ConfigKey<Integer> SIZE = ConfigKey.of("cirstream.test.batch-size", ConfigKey.INTEGER)
            .withDefault(64)
            .check(ConfigKey.Check.range(1, 100))
            .doc("records per batch");

    private static final ConfigKey<String> SERVERS =
            ConfigKey.of("cirstream.test.servers", ConfigKey.STRING).required().doc("the servers");

    private static Settings settings(String key, String value) {
        return Settings.of(Map.of(key, value));
    }

    @Test
    void readsTheSetValueOrTheDefault() {
        assertThat(SIZE.read(settings("cirstream.test.batch-size", " 12 "))).isEqualTo(12);
        assertThat(SIZE.read(Settings.of(Map.of()))).isEqualTo(64);
        assertThat(SIZE.read(settings("CIRSTREAM_TEST_BATCH_SIZE", "7"))).isEqualTo(7);
        assertThat(SIZE.readOptional(Settings.of(Map.of()))).contains(64);
    }

    @Test
    void aRequiredKeyThatIsNotSetIsNamedWithItsEnvironmentName() {
        assertThatThrownBy(() -> SERVERS.read(Settings.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cirstream.test.servers must be set (property cirstream.test.servers or environment"
                        + " CIRSTREAM_TEST_SERVERS)");
        assertThat(SERVERS.readOptional(Settings.of(Map.of()))).isEmpty();
        assertThat(SERVERS.read(settings("cirstream.test.servers", "kafka:9092")))
                .isEqualTo("kafka:9092");
    }

    @Test
    void aValueThatDoesNotParseIsNamedWithItsKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> SIZE.read(settings("cirstream.test.batch-size", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cirstream.test.batch-size must be an integer, got 'many'");
        ConfigKey<Duration> wait = ConfigKey.of("cirstream.test.wait", ConfigKey.DURATION);
        assertThatThrownBy(() -> wait.read(settings("cirstream.test.wait", "soon")))
                .hasMessageStartingWith("cirstream.test.wait must be a duration");
        assertThat(wait.read(settings("cirstream.test.wait", "250ms"))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aValueFailingACheckIsNamedWithTheCheck() {
        assertThatThrownBy(() -> SIZE.read(settings("cirstream.test.batch-size", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cirstream.test.batch-size must be 1..100, got 0");
        assertThatThrownBy(() -> SIZE.check(101)).hasMessage("cirstream.test.batch-size must be 1..100, got 101");
        assertThat(SIZE.check(100)).isEqualTo(100);
        ConfigKey<Integer> port = ConfigKey.of("cirstream.test.port", ConfigKey.INTEGER)
                .withDefault(8080)
                .check(ConfigKey.Check.port());
        assertThatThrownBy(() -> port.check(70_000))
                .hasMessage("cirstream.test.port must be 0..65535 (0 = any free port), got 70000");
        ConfigKey<String> name =
                ConfigKey.of("cirstream.test.name", ConfigKey.STRING).check(ConfigKey.Check.notBlank());
        assertThatThrownBy(() -> name.check(" ")).hasMessage("cirstream.test.name must be not blank, got ' '");
    }

    @Test
    void readsAreSeenByTheReadListener() {
        List<String> reads = new ArrayList<>();
        SIZE.read(Settings.of(Map.of()).withReadListener(reads::add));
        assertThat(reads).containsExactly("cirstream.test.batch-size");
    }

    @Test
    void namesAreDottedAndKebabCased() {
        assertThatThrownBy(() -> ConfigKey.of("cirstream.testBatch", ConfigKey.STRING))
                .hasMessageContaining("kebab-cased");
        assertThat(SIZE).hasToString("cirstream.test.batch-size");
        assertThat(SIZE.environmentName()).isEqualTo("CIRSTREAM_TEST_BATCH_SIZE");
    }

    @Test
    void theDefaultColumnComesFromTheDeclaration() {
        assertThat(SIZE.defaultText()).isEqualTo("`64`");
        assertThat(SERVERS.defaultText()).isEqualTo("(required)");
        assertThat(ConfigKey.of("cirstream.test.other", ConfigKey.STRING).defaultText())
                .isEqualTo("(none)");
        assertThat(ConfigKey.of("cirstream.test.wait", ConfigKey.DURATION)
                        .withDefault(Duration.ofMinutes(10))
                        .defaultText())
                .isEqualTo("`10m`");
        assertThat(ConfigKey.of("cirstream.test.bytes", ConfigKey.BYTES)
                        .withDefault(20L << 20)
                        .defaultText())
                .isEqualTo("`20971520 (20 MiB)`");
        assertThat(ConfigKey.of("cirstream.test.rate", ConfigKey.DOUBLE)
                        .withDefault(2e-5)
                        .defaultText())
                .isEqualTo("`0.00002`");
        assertThat(ConfigKey.of("cirstream.test.secret", ConfigKey.SECRET)
                        .shownDefault("(never shown)")
                        .defaultText())
                .isEqualTo("(never shown)");
    }

    @Test
    void theTableListsEachKeyOnceWithItsDefaultAndDescription() {
        assertThat(ConfigTable.markdown(List.of(SIZE, SERVERS)))
                .isEqualTo(
                        """
                        | key | default | meaning |
                        |---|---|---|
                        | `cirstream.test.batch-size` | `64` | records per batch (must be 1..100) |
                        | `cirstream.test.servers` | (required) | the servers |
                        """);
        assertThatThrownBy(() -> ConfigTable.markdown(List.of(SIZE, SIZE))).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> ConfigTable.markdown(List.of(ConfigKey.of("cirstream.test.x", ConfigKey.STRING))))
                .hasMessageContaining("no description");
    }

    @Test
    void aReadmeTableIsReplacedBetweenItsMarkers() {
        String readme = "# title\n\n<!-- config-table: test -->\n| old |\n<!-- /config-table -->\n\nafter\n";
        assertThat(ConfigTable.replace(readme, "test", "| new |\n"))
                .isEqualTo("# title\n\n<!-- config-table: test -->\n| new |\n<!-- /config-table -->\n\nafter\n");
        assertThatThrownBy(() -> ConfigTable.replace(readme, "other", "")).hasMessageContaining("no <!--");
    }
}
