package io.cirstream.core.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The partitions of a topic a consumer reads all of, and whether it has read them to given offsets. */
public final class TopicPartitions {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPartitions.class);

    private TopicPartitions() {}

    /**
     * Every partition of {@code topic}, waiting (and saying so in the log) while the topic does not exist yet.
     *
     * @param running polled between attempts; when it says false the wait ends with an empty list
     * @param wait how long one attempt waits for metadata, and the pause between attempts
     */
    public static List<TopicPartition> await(
            Consumer<?, ?> consumer, String topic, BooleanSupplier running, Duration wait) {
        return await(consumer, topic, running, wait, () -> {});
    }

    /**
     * As {@link #await(Consumer, String, BooleanSupplier, Duration)}, calling {@code missing} once when the first
     * attempt finds no such topic (a reader of a compacted topic then knows there is nothing to catch up on).
     */
    public static List<TopicPartition> await(
            Consumer<?, ?> consumer, String topic, BooleanSupplier running, Duration wait, Runnable missing) {
        boolean first = true;
        while (running.getAsBoolean()) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, wait);
            } catch (TimeoutException e) {
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
            }
            if (first) {
                missing.run();
                first = false;
            }
            LOG.info("waiting for topic {} to exist", topic);
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /** Whether the consumer's position in every partition has reached its offset in {@code ends}. */
    public static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
