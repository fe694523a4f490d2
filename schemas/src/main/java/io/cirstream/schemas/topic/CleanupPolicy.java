package io.cirstream.schemas.topic;

/** How Kafka disposes of a topic's old records ({@code cleanup.policy}). */
public enum CleanupPolicy {
    /** Keep at least the latest record per key forever; a {@code null} value (tombstone) removes the key. */
    COMPACT("compact"),
    /** Delete segments older than the topic's retention. */
    DELETE("delete");

    /** The topic configuration key this policy is the value of. */
    public static final String CONFIG_KEY = "cleanup.policy";

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of {@code cleanup.policy} in a topic configuration. */
    public String configValue() {
        return configValue;
    }
}
