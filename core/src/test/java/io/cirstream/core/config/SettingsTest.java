package io.cirstream.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void readsDottedKeysAndFallsBackToTheirEnvironmentName() {
        Settings settings = Settings.of(Map.of(
                "cirstream.ingest.batch-size", "64",
                "CIRSTREAM_INGEST_MAX_WAIT", "250ms",
                "CIRSTREAM_INGEST_BATCH_SIZE", "8"));

        assertThat(settings.integer("cirstream.ingest.batch-size", 1)).isEqualTo(64);
        assertThat(settings.duration("cirstream.ingest.max-wait", Duration.ZERO))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(Settings.environmentName("cirstream.ingest.batch-size")).isEqualTo("CIRSTREAM_INGEST_BATCH_SIZE");
    }

    @Test
    void absentAndBlankValuesGiveTheDefault() {
        Settings settings = Settings.of(Map.of("cirstream.a", "  "));

        assertThat(settings.string("cirstream.a", "x")).isEqualTo("x");
        assertThat(settings.optionalString("cirstream.a")).isEmpty();
        assertThat(settings.longValue("cirstream.b", 7L)).isEqualTo(7L);
        assertThat(settings.list("cirstream.c", List.of("d"))).containsExactly("d");
        assertThat(settings.path("cirstream.d", Path.of("/tmp"))).isEqualTo(Path.of("/tmp"));
    }

    @Test
    void parsesEveryType() {
        Settings settings = Settings.of(Map.of(
                "n", "12345678901",
                "d", "0.25",
                "b", "YES",
                "l", " a, b ,,c ",
                "t1", "2m",
                "t2", "PT1.5S",
                "t3", "1d"));

        assertThat(settings.longValue("n", 0)).isEqualTo(12_345_678_901L);
        assertThat(settings.doubleValue("d", 0)).isEqualTo(0.25);
        assertThat(settings.bool("b", false)).isTrue();
        assertThat(settings.list("l", List.of())).containsExactly("a", "b", "c");
        assertThat(settings.duration("t1", null)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.duration("t2", null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.duration("t3", null)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatWasExpected() {
        Settings settings = Settings.of(Map.of("cirstream.n", "many", "cirstream.t", "soon", "cirstream.b", "maybe"));

        assertThatThrownBy(() -> settings.integer("cirstream.n", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cirstream.n must be an integer, got 'many'");
        assertThatThrownBy(() -> settings.duration("cirstream.t", Duration.ZERO))
                .hasMessage("cirstream.t must be a duration such as 250ms, 5s, 2m, 1h or PT5S, got 'soon'");
        assertThatThrownBy(() -> settings.bool("cirstream.b", false))
                .hasMessage("cirstream.b must be true or false, got 'maybe'");
        assertThatThrownBy(() -> settings.requiredString("cirstream.missing"))
                .hasMessage(
                        "cirstream.missing must be set (property cirstream.missing or environment CIRSTREAM_MISSING)");
    }

    @Test
    void secretsNeverShowInStrings() {
        Settings settings = Settings.of(Map.of("cirstream.s3.secret-key", "hunter2"));

        Optional<Settings.Secret> secret = settings.secret("cirstream.s3.secret-key");

        assertThat(secret).isPresent();
        assertThat(secret.get().reveal()).isEqualTo("hunter2");
        assertThat(secret.toString()).doesNotContain("hunter2");
        assertThat(settings.toString()).doesNotContain("hunter2");
    }

    @Test
    void overridesReplaceEntries() {
        Settings settings = Settings.of(Map.of("a", "1")).withOverrides(Map.of("a", "2", "b", "3"));

        assertThat(settings.integer("a", 0)).isEqualTo(2);
        assertThat(settings.integer("b", 0)).isEqualTo(3);
    }
}
