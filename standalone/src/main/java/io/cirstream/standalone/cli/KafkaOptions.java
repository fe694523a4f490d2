package io.cirstream.standalone.cli;

import io.cirstream.core.config.CommonKeys;
import io.cirstream.core.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --bootstrap-servers} of the commands that talk to a Kafka cluster, over the configuration key. */
final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka (default: cirstream.kafka.bootstrap-servers, or CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    /** The option's value, else the key's from system properties or the environment; refused when neither is set. */
    String bootstrapServers() {
        Settings settings = Settings.fromSystem();
        if (bootstrapServers != null) {
            settings = settings.withOverrides(Map.of(CommonKeys.BOOTSTRAP_SERVERS.name(), bootstrapServers));
        }
        return CommonKeys.BOOTSTRAP_SERVERS.read(settings);
    }
}
