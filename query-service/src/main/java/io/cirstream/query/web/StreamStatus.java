package io.cirstream.query.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.store.VectorStore;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the live view shows of the stream: the records on each cirstream topic (their end offsets, read as a lag
 * monitor reads them) and the vector store's size, so a visitor sees catalogue events arrive and the index grow.
 */
final class StreamStatus implements AutoCloseable {

    /** The topics shown, in the page's order. */
    static final List<Topic<?, ?>> TOPICS =
            List.of(Topics.CATALOG_PRODUCTS, Topics.TRIPLETS, Topics.QUERIES, Topics.RESULTS, Topics.MODELS);

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final VectorStore store;
    private final Clock clock;

    StreamStatus(String bootstrapServers, VectorStore store, Clock clock) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis()));
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The view now: {@code {"at", "indexSize", "activeCollection", "topics": {name: records}}}. */
    ObjectNode snapshot() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("at", clock.instant().toString());
        node.put("indexSize", store.count());
        node.put("activeCollection", store.activeCollection().orElse(null));
        ObjectNode topics = node.putObject("topics");
        try {
            records().forEach(topics::put);
        } catch (ExecutionException | TimeoutException e) {
            node.put("topicsError", "the topics cannot be read now: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.put("topicsError", "interrupted");
        }
        return node;
    }

    private Map<String, Long> records() throws ExecutionException, TimeoutException, InterruptedException {
        List<String> names = TOPICS.stream().map(Topic::name).toList();
        Map<TopicPartition, OffsetSpec> request =
                admin
                        .describeTopics(names)
                        .allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .values()
                        .stream()
                        .flatMap(topic -> topic.partitions().stream()
                                .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        Map<String, Long> records = new java.util.LinkedHashMap<>();
        names.forEach(name -> records.put(name, 0L));
        admin.listOffsets(request)
                .all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((partition, offset) -> records.merge(partition.topic(), offset.offset(), Long::sum));
        return records;
    }

    @Override
    public void close() {
        admin.close(TIMEOUT);
    }
}
