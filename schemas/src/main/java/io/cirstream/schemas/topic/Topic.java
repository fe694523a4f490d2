package io.cirstream.schemas.topic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with its types: the name, the serdes of its keys and values, and the settings it is created with.
 * Every producer, consumer and topology names a topic through one of these (see {@link Topics}), so the name and the
 * types cannot drift apart.
 *
 * @param name the topic name
 * @param keySerde serde of the record keys
 * @param valueSerde serde of the record values
 * @param cleanupPolicy compaction or deletion of old records
 * @param partitions the partition count the topic is created with (the parallelism of its consumers)
 * @param configs further topic configuration ({@code retention.ms}, ...); never {@code cleanup.policy}
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        CleanupPolicy cleanupPolicy,
        int partitions,
        Map<String, String> configs) {

    /** Kafka's limit on topic name length. */
    public static final int MAX_NAME_LENGTH = 249;

    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        if (!LEGAL_NAME.matcher(name).matches()
                || name.length() > MAX_NAME_LENGTH
                || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException("topic name '" + name + "' is not legal in Kafka: use 1 to "
                    + MAX_NAME_LENGTH + " of [a-zA-Z0-9._-], not '.' or '..'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of topic " + name + " must be >= 1, got " + partitions);
        }
        configs = Map.copyOf(configs);
        if (configs.containsKey(CleanupPolicy.CONFIG_KEY)) {
            throw new IllegalArgumentException("topic " + name + ": give " + CleanupPolicy.CONFIG_KEY
                    + " as the cleanupPolicy component, not in configs");
        }
    }

    /** The full topic configuration to create the topic with: {@code cleanup.policy} and {@link #configs()}. */
    public Map<String, String> topicConfigs() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(CleanupPolicy.CONFIG_KEY, cleanupPolicy.configValue());
        all.putAll(configs);
        return Map.copyOf(all);
    }

    /** The same topic with another partition count (for tests, or a deployment with other parallelism). */
    public Topic<K, V> withPartitions(int newPartitions) {
        return new Topic<>(name, keySerde, valueSerde, cleanupPolicy, newPartitions, configs);
    }

    @Override
    public String toString() {
        return "Topic[" + name + ", " + cleanupPolicy.configValue() + ", partitions=" + partitions + ", configs="
                + configs + ", value=" + valueSerde + "]";
    }
}
