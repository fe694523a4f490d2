package io.cirstream.standalone.pipeline;

import io.cirstream.core.CirstreamException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Records on a topic and how far a consumer group committed into it, read with the admin client as a lag monitor
 * does: the pipeline's way of seeing that a service has caught up, without reaching into it.
 */
final class GroupOffsets implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;

    GroupOffsets(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The end offset of every partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        try {
            var partitions = admin.describeTopics(java.util.List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> request = partitions.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new CirstreamException("cannot read the end offsets of " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CirstreamException("interrupted reading the end offsets of " + topic, e);
        }
    }

    /** Records on {@code topic} (the sum of its end offsets). */
    long records(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The offsets {@code group} committed (partitions it never committed in are absent). */
    Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new CirstreamException("cannot read the offsets of consumer group " + group + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CirstreamException("interrupted reading the offsets of consumer group " + group, e);
        }
    }

    /**
     * Where a group stands in a topic.
     *
     * @param records records on the topic (the sum of its end offsets)
     * @param committed records the group committed (the sum of its committed offsets)
     * @param lag records not committed yet
     */
    record Position(long records, long committed, long lag) {}

    /** Where {@code group} stands in {@code topic} now. */
    Position position(String topic, String group) {
        Map<TopicPartition, Long> committed = committed(group);
        Map<TopicPartition, Long> ends = endOffsets(topic);
        long records = 0;
        long done = 0;
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            long at = Math.min(end.getValue(), committed.getOrDefault(end.getKey(), 0L));
            records += end.getValue();
            done += at;
            lag += end.getValue() - at;
        }
        return new Position(records, done, lag);
    }

    @Override
    public void close() {
        admin.close(TIMEOUT);
    }
}
