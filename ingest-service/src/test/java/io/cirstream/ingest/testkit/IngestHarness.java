package io.cirstream.ingest.testkit;

import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.ops.ServiceMetrics;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Await;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.ingest.app.IngestService;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A broker, the catalogue topics and ingest services for one test: settings with test-sized batches and back-off,
 * waits for a consumer group to commit everything, the dead letters read back.
 */
public final class IngestHarness implements AutoCloseable {

    /** The committed tiny model bundle, from the module directory the tests run in. */
    public static final String TINY_BUNDLE = "../fixtures/tiny-bundle";

    public static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final EmbeddedKafka kafka;
    private final Admin admin;
    private final List<IngestService> services = new ArrayList<>();
    private final Path dataDirectory;

    public IngestHarness(EmbeddedKafka kafka) {
        this.kafka = kafka;
        try {
            this.dataDirectory = Files.createTempDirectory("cirstream-ingest-data");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the services' data directory", e);
        }
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        recreateTopics();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Settings for a service of {@code group} on the tiny bundle; {@code overrides} win. */
    public Settings settings(String group, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put(IngestConfig.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        values.put(IngestConfig.GROUP_ID.name(), group);
        values.put(IngestConfig.BUNDLE.name(), TINY_BUNDLE);
        values.put(IngestConfig.BATCH_SIZE.name(), "16");
        values.put(IngestConfig.BATCH_MAX_WAIT.name(), "50ms");
        values.put(IngestConfig.RETRY_INITIAL.name(), "50ms");
        values.put(IngestConfig.RETRY_MAX.name(), "1s");
        values.put(IngestConfig.HTTP_PORT.name(), "0");
        values.put(IngestConfig.DATA_DIRECTORY.name(), dataDirectory.toString());
        values.put("cirstream.model.device", "cpu");
        values.putAll(overrides);
        return Settings.of(values);
    }

    /** Starts a service; the harness closes it. */
    public IngestService start(Settings settings, ImageEmbedder embedder, VectorStore store) {
        IngestService service = IngestService.start(
                IngestConfig.from(settings), embedder, store, ServiceMetrics.create(IngestService.NAME));
        services.add(service);
        return service;
    }

    /** Stops a service the harness started. */
    public void stop(IngestService service) {
        service.close();
        services.remove(service);
    }

    /** Waits until {@code group} has committed every record now on the catalogue topic. */
    public void awaitCommitted(String group) {
        Map<TopicPartition, Long> end = endOffsets();
        awaitTrue("group " + group + " to commit up to " + end, () -> {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
            return end.entrySet().stream()
                    .allMatch(e -> e.getValue() == 0
                            || (committed.get(e.getKey()) != null
                                    && committed.get(e.getKey()).offset() >= e.getValue()));
        });
    }

    /** The end offset of every catalogue partition. */
    public Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(Topics.CATALOG_PRODUCTS.name(), p), OffsetSpec.latest());
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer =
                    admin.listOffsets(request).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return answer.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()
                    .offset()));
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read end offsets: " + e, e);
        }
    }

    public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        try {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read offsets of " + group + ": " + e, e);
        }
    }

    /** Sets {@code group}'s committed offsets (the group must have no live member). */
    public void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> values = offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        try {
            admin.alterConsumerGroupOffsets(group, values).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot set offsets of " + group + ": " + e, e);
        }
    }

    /**
     * Every committed dead letter on the catalogue's dead-letter topic, read to its end offsets (call it once the
     * service has committed what it read: a batch's letters are committed with its offsets).
     */
    public List<DeadLetter> deadLetters() {
        return DeadLetterReader.readAll(kafka.bootstrapServers());
    }

    /** Waits (up to a generous limit) for {@code condition}, failing with {@code what} if it never holds. */
    public static void awaitTrue(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    private void recreateTopics() {
        Set<String> names = Set.of(Topics.CATALOG_PRODUCTS.name(), Topics.CATALOG_PRODUCTS_DLQ.name());
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> present = names.stream().filter(existing::contains).toList();
            if (!present.isEmpty()) {
                admin.deleteTopics(present).all().get();
                awaitTrue("topics " + present + " to go", () -> {
                    try {
                        return admin.listTopics().names().get().stream().noneMatch(present::contains);
                    } catch (InterruptedException | ExecutionException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot reset the catalogue topics: " + e, e);
        }
        kafka.createTopics(Topics.CATALOG_PRODUCTS.withPartitions(PARTITIONS), Topics.CATALOG_PRODUCTS_DLQ);
    }

    @Override
    public void close() {
        for (IngestService service : List.copyOf(services)) {
            service.close();
        }
        services.clear();
        admin.close();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: what is left is the system's to clean
        }
    }

    /** The services' data directory ({@code cirstream.ingest.data-dir}), one per harness. */
    public Path dataDirectory() {
        return dataDirectory;
    }
}
