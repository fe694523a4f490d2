package io.cirstream.demo.kafka;

import io.cirstream.core.config.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the embedded broker.
 *
 * @param dataDir where the broker keeps its logs and metadata; empty means a new temporary directory that
 *     {@link EmbeddedKafka#close()} deletes. A given directory is kept, and a later start on it finds every record
 *     again.
 * @param port the client port on 127.0.0.1; 0 picks a free one (so a restart may get another port)
 * @param defaultPartitions partitions of a topic created without a count ({@code num.partitions})
 * @param startTimeout how long {@link EmbeddedKafka#start} waits for the broker to serve requests
 * @param brokerOverrides broker properties that replace the embedded defaults (for example
 *     {@code auto.create.topics.enable})
 */
public record EmbeddedKafkaConfig(
        Optional<Path> dataDir,
        int port,
        int defaultPartitions,
        Duration startTimeout,
        Map<String, String> brokerOverrides) {

    /** The default start timeout: the broker is normally ready in 2 to 4 s. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /** The default partition count of topics created without one. */
    public static final int DEFAULT_PARTITIONS = 1;

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Ports.requireListenPort("port", port);
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be >= 1, got " + defaultPartitions);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
        brokerOverrides = Map.copyOf(brokerOverrides);
    }

    /** A temporary data directory, a free port, one partition per topic by default. */
    public static EmbeddedKafkaConfig defaults() {
        return new EmbeddedKafkaConfig(Optional.empty(), 0, DEFAULT_PARTITIONS, DEFAULT_START_TIMEOUT, Map.of());
    }

    /** The same configuration, keeping the broker's data in this directory (created if missing, never deleted). */
    public EmbeddedKafkaConfig withDataDir(Path directory) {
        return new EmbeddedKafkaConfig(Optional.of(directory), port, defaultPartitions, startTimeout, brokerOverrides);
    }

    /** The same configuration with this client port (0: any free port). */
    public EmbeddedKafkaConfig withPort(int clientPort) {
        return new EmbeddedKafkaConfig(dataDir, clientPort, defaultPartitions, startTimeout, brokerOverrides);
    }

    /** The same configuration with this partition count for topics created without one. */
    public EmbeddedKafkaConfig withDefaultPartitions(int partitions) {
        return new EmbeddedKafkaConfig(dataDir, port, partitions, startTimeout, brokerOverrides);
    }

    /** The same configuration with one more broker property override. */
    public EmbeddedKafkaConfig withBrokerProperty(String key, String value) {
        Map<String, String> overrides = new HashMap<>(brokerOverrides);
        overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new EmbeddedKafkaConfig(dataDir, port, defaultPartitions, startTimeout, overrides);
    }
}
