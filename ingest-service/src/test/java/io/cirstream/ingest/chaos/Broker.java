package io.cirstream.ingest.chaos;

import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.demo.kafka.EmbeddedKafkaConfig;
import java.nio.file.Path;

/** The in-JVM broker of a run, which can be stopped and started again on the same data directory and port. */
final class Broker implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedKafka kafka;

    private Broker(Path dataDir, EmbeddedKafka kafka) {
        this.dataDir = dataDir;
        this.kafka = kafka;
        String servers = kafka.bootstrapServers();
        this.port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    static Broker start(Path dataDir) {
        return new Broker(
                dataDir, EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDataDir(dataDir)));
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A clean shutdown (what a rolling restart does). */
    void stop() {
        kafka.close();
    }

    /** Starts it again on the same data directory and port. */
    void startAgain() {
        kafka = EmbeddedKafka.start(
                EmbeddedKafkaConfig.defaults().withDataDir(dataDir).withPort(port));
    }

    @Override
    public void close() {
        kafka.close();
    }
}
