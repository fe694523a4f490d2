package io.cirstream.core.config;

import java.nio.file.Path;
import java.util.List;

/** The keys every service reads the same way: the Kafka cluster and the model bundle. */
public final class CommonKeys {

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.of(
                    "cirstream.kafka.bootstrap-servers", ConfigKey.STRING)
            .required()
            .doc("the Kafka brokers (`host:port`, comma-separated)");

    public static final ConfigKey<Path> BUNDLE = ConfigKey.of("cirstream.model.bundle", ConfigKey.PATH)
            .required()
            .doc("the model bundle directory: encoders, encoder version (which names the store's collection), and"
                    + " the Combiner served before any version is announced; services following the encoder line"
                    + " use it only until a bundle is announced there");

    public static final ConfigKey<Boolean> VERIFY_BUNDLE = ConfigKey.of(
                    "cirstream.model.verify-bundle", ConfigKey.BOOLEAN)
            .withDefault(true)
            .doc("check the bundle files' sha256 on start");

    private CommonKeys() {}

    /** The keys, in table order. */
    public static List<ConfigKey<?>> declared() {
        return List.of(BOOTSTRAP_SERVERS, BUNDLE, VERIFY_BUNDLE);
    }
}
