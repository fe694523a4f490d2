package io.cirstream.demo.kafka;

import io.cirstream.core.kafka.TopicCreator;
import io.cirstream.schemas.topic.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM on 127.0.0.1: for
 * integration tests and the standalone mode. It formats its data directory on first use, so a later start on the same
 * directory finds every topic and record again.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopics(Topics.ALL);
 *     // clients use kafka.bootstrapServers()
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String HOST = "127.0.0.1";
    private static final short REPLICATION_FACTOR = 1;
    private static final String LOG_DIR = "kafka-logs";
    private static final String PROPERTIES_FILE = "broker.properties";
    private static final String META_PROPERTIES = "meta.properties";

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private final Admin admin;
    private final Duration timeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(
            Path dataDir,
            boolean ownsDataDir,
            String bootstrapServers,
            KafkaRaftServer server,
            Admin admin,
            Duration timeout) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Starts a broker with a temporary data directory on a free port. */
    public static EmbeddedKafka start() {
        return start(EmbeddedKafkaConfig.defaults());
    }

    /**
     * Starts a broker and returns once it serves requests.
     *
     * @throws EmbeddedKafkaException when it cannot format its storage, start, or serve within the start timeout
     */
    public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
        long started = System.nanoTime();
        boolean ownsDataDir = config.dataDir().isEmpty();
        Path dataDir = config.dataDir().orElseGet(EmbeddedKafka::createTempDir);
        KafkaRaftServer server = null;
        Admin admin = null;
        try {
            int clientPort = config.port() == 0 ? freePort() : config.port();
            int controllerPort = freePort();
            Properties properties = BrokerProperties.of(config, dataDir.resolve(LOG_DIR), clientPort, controllerPort);
            formatIfNew(dataDir, properties);
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            server.startup();
            String bootstrapServers = HOST + ":" + clientPort;
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
            awaitServing(admin, config.startTimeout());
            LOG.info(
                    "embedded Kafka serving on {} (data {}) after {} ms",
                    bootstrapServers,
                    dataDir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedKafka(dataDir, ownsDataDir, bootstrapServers, server, admin, config.startTimeout());
        } catch (RuntimeException | IOException | InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            stopQuietly(admin, server);
            if (ownsDataDir) {
                deleteRecursively(dataDir);
            }
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker in " + dataDir + ": " + e, e);
        }
    }

    /** The {@code bootstrap.servers} value for clients of this broker, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its data. */
    public Path dataDir() {
        return dataDir;
    }

    /** Creates the topics with their descriptors' partitions and settings; see {@link #createTopics(Collection)}. */
    public void createTopics(Topic<?, ?>... topics) {
        createTopics(Arrays.asList(topics));
    }

    /**
     * Creates the topics with each descriptor's partition count, cleanup policy and configs (replication factor 1),
     * and waits until every partition has a leader. A topic that exists already is left as it is, so this is safe to
     * call after a restart. To create a topic with another partition count, pass {@code topic.withPartitions(n)}.
     */
    public void createTopics(Collection<? extends Topic<?, ?>> topics) {
        new TopicCreator(admin, REPLICATION_FACTOR, timeout).create(topics);
    }

    /**
     * Stops the broker (a clean shutdown, so a restart on the same data directory loses nothing) and deletes the data
     * directory if it is a temporary one. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopQuietly(admin, server);
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private static void awaitServing(Admin admin, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        var nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (nodes.isEmpty()) {
            throw new TimeoutException("the broker answers but lists no node");
        }
    }

    private static void formatIfNew(Path dataDir, Properties properties) throws IOException {
        if (Files.exists(dataDir.resolve(LOG_DIR).resolve(META_PROPERTIES))) {
            return;
        }
        Files.createDirectories(dataDir);
        Path propertiesFile = dataDir.resolve(PROPERTIES_FILE);
        try (OutputStream out = Files.newOutputStream(propertiesFile)) {
            properties.store(out, "embedded Kafka broker, used only to format the storage");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propertiesFile.toString()},
                    print);
        }
        if (exitCode != 0) {
            throw new EmbeddedKafkaException("formatting the Kafka storage in " + dataDir + " failed (exit code "
                    + exitCode + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void stopQuietly(Admin admin, KafkaRaftServer server) {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("the embedded Kafka broker did not shut down cleanly", e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("cirstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded Kafka broker", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete the embedded Kafka data directory {}", directory, e);
        }
    }
}
