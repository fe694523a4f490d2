package io.cirstream.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void acceptsZeroToTheLargestPort() {
        assertThat(Ports.requireListenPort("p", 0)).isZero();
        assertThat(Ports.requireListenPort("p", 8080)).isEqualTo(8080);
        assertThat(Ports.requireListenPort("p", 65_535)).isEqualTo(65_535);
    }

    @Test
    void refusesOutOfRangeNamingTheSetting() {
        assertThatThrownBy(() -> Ports.requireListenPort("cirstream.x.port", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cirstream.x.port must be 0..65535 (0 = any free port), got -1");
        assertThatThrownBy(() -> Ports.requireListenPort("--port", 65_536))
                .hasMessage("--port must be 0..65535 (0 = any free port), got 65536");
    }
}
