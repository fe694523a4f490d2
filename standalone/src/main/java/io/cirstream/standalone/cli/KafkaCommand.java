package io.cirstream.standalone.cli;

import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.demo.kafka.EmbeddedKafkaConfig;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream kafka}: the in-JVM KRaft broker (demo's {@link EmbeddedKafka}) with every cirstream topic, in the
 * foreground, for local development with services started separately ({@code cirstream serve ...}).
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker (KRaft, in this JVM, on 127.0.0.1) with every cirstream topic"
                + " until SIGTERM or Ctrl-C; prints the bootstrap address.")
final class KafkaCommand implements Callable<Integer> {

    @Option(
            names = "--data-dir",
            defaultValue = "data/kafka",
            description = "The broker's data, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "The client port on 127.0.0.1; 0 = a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedKafka kafka = EmbeddedKafka.start(
                EmbeddedKafkaConfig.defaults().withDataDir(dataDir).withPort(port));
        try {
            kafka.createTopics(Topics.ALL);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        out.println("cirstream kafka: broker on " + kafka.bootstrapServers() + " (KRaft; data in "
                + dataDir.toAbsolutePath() + "); topics "
                + Topics.ALL.stream().map(Topic::name).collect(Collectors.joining(", ")));
        out.println("cirstream kafka: point the services at it with CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS="
                + kafka.bootstrapServers() + "; stop with SIGTERM or Ctrl-C");
        out.flush();
        Foreground.runUntilStopped(
                "cirstream kafka", kafka, out, spec.commandLine().getErr());
        return 0;
    }
}
