package io.cirstream.demo.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The configuration of the embedded single-node broker: one process in both KRaft roles, on 127.0.0.1. */
final class BrokerProperties {
    /** Partitions of the consumer-offsets and transaction-state topics; Kafka's 50 only slow the first group down. */
    static final int INTERNAL_TOPIC_PARTITIONS = 5;

    /** The log cleaner's dedupe buffer: Kafka's 128 MB default is sized for production brokers. */
    static final int CLEANER_DEDUPE_BUFFER_BYTES = 8 * 1024 * 1024;

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;

    private BrokerProperties() {}

    static Properties of(EmbeddedKafkaConfig config, Path logDir, int clientPort, int controllerPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        settings.put(
                "listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", logDir.toAbsolutePath().toString());
        settings.put("num.partitions", Integer.toString(config.defaultPartitions()));
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("auto.create.topics.enable", "false");
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(CLEANER_DEDUPE_BUFFER_BYTES));
        settings.putAll(config.brokerOverrides());
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }
}
