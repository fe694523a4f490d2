package io.cirstream.core.kafka;

import io.cirstream.schemas.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates cirstream's topics on a cluster with each descriptor's partition count, cleanup policy and configs, and
 * waits until every partition has a leader: for the embedded broker and for a real cluster ({@code cirstream topics
 * create}). A topic that exists already is left as it is, so creating is safe to repeat.
 */
public final class TopicCreator {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Admin admin;
    private final short replicationFactor;
    private final Duration timeout;

    /**
     * @param admin a client of the cluster (not closed here)
     * @param replicationFactor replicas of each partition (1 on a single broker)
     * @param timeout how long one request, and the wait for the leaders, may take
     */
    public TopicCreator(Admin admin, short replicationFactor, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("the replication factor must be >= 1, got " + replicationFactor);
        }
        this.replicationFactor = replicationFactor;
    }

    /**
     * Creates the topics that do not exist yet and waits for every partition's leader.
     *
     * @return the names of the topics this call created (the others existed)
     * @throws TopicCreationException when the cluster refuses a topic or does not answer in time
     */
    public List<String> create(Collection<? extends Topic<?, ?>> topics) {
        List<NewTopic> newTopics = topics.stream()
                .map(topic ->
                        new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(topic.topicConfigs()))
                .toList();
        List<String> created = new ArrayList<>();
        try {
            for (var result : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new TopicCreationException(
                                "cannot create topic " + result.getKey() + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            awaitLeaders(newTopics.stream().map(NewTopic::name).toList());
            return List.copyOf(created);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicCreationException("interrupted while creating topics", e);
        } catch (TimeoutException | ExecutionException e) {
            throw new TopicCreationException(
                    "cannot create topics "
                            + newTopics.stream().map(NewTopic::name).toList() + ": " + e,
                    e);
        }
    }

    private void awaitLeaders(List<String> names) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allPartitionsLed(names)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + names + " have no leader after " + timeout);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private boolean allPartitionsLed(List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created on the controller, not yet in the broker's metadata
            }
            throw e;
        }
        return descriptions.values().stream()
                .flatMap(description -> description.partitions().stream())
                .map(TopicPartitionInfo::leader)
                .allMatch(leader -> leader != null && !leader.isEmpty());
    }
}
