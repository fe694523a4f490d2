package io.cirstream.standalone.cli;

import io.cirstream.core.config.Settings;
import io.cirstream.core.kafka.TopicCreator;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream topics create}: every cirstream topic on a Kafka cluster, with the partitions, cleanup policy,
 * retention and record-size limits of its descriptor ({@link Topics}); the topic-init step of docker-compose.
 */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Manage cirstream's topics on a Kafka cluster.")
final class TopicsCommand {

    @Spec
    CommandSpec spec;

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create every cirstream topic that does not exist yet (safe to repeat) and wait for the"
                    + " partitions' leaders.")
    int create(
            @Mixin KafkaOptions kafka,
            @Option(
                            names = "--replication-factor",
                            paramLabel = "N",
                            defaultValue = "1",
                            description = "Replicas per partition (default: ${DEFAULT-VALUE}; 3 on a"
                                    + " production cluster).")
                    short replicationFactor,
            @Option(
                            names = "--timeout",
                            paramLabel = "DURATION",
                            defaultValue = "2m",
                            description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
                    String timeout) {
        String bootstrap = kafka.bootstrapServers();
        Duration wait = Settings.of(Map.of("--timeout", timeout)).duration("--timeout", Duration.ofMinutes(2));
        PrintWriter out = spec.commandLine().getOut();
        int millis = (int) Math.min(Integer.MAX_VALUE, wait.toMillis());
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.min(millis, (int) Duration.ofSeconds(30).toMillis())))) {
            List<String> created = new TopicCreator(admin, replicationFactor, wait).create(Topics.ALL);
            for (Topic<?, ?> topic : Topics.ALL) {
                out.println((created.contains(topic.name()) ? "created " : "exists  ") + topic.name() + " ("
                        + topic.partitions() + " partitions, " + topic.topicConfigs() + ")");
            }
        }
        return 0;
    }
}
