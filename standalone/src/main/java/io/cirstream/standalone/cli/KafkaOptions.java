package io.cirstream.standalone.cli;

import io.cirstream.core.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --bootstrap-servers} of the commands that talk to a Kafka cluster, over the configuration key. */
final class KafkaOptions {

    /** The configuration key (environment: {@code CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS}). */
    static final String BOOTSTRAP_SERVERS = "cirstream.kafka.bootstrap-servers";

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka (default: " + BOOTSTRAP_SERVERS + ", or CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    /** The option's value, else the key's from system properties or the environment; refused when neither is set. */
    String bootstrapServers() {
        Settings settings = Settings.fromSystem();
        if (bootstrapServers != null) {
            settings = settings.withOverrides(Map.of(BOOTSTRAP_SERVERS, bootstrapServers));
        }
        return settings.requiredString(BOOTSTRAP_SERVERS);
    }
}
