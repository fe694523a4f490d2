package io.cirstream.core.ops;

import java.util.Objects;

/**
 * The state of one health check.
 *
 * @param healthy whether this part works
 * @param detail what a person reading {@code /health} needs to know (never a secret)
 */
public record HealthStatus(boolean healthy, String detail) {

    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
    }

    public static HealthStatus up(String detail) {
        return new HealthStatus(true, detail);
    }

    public static HealthStatus down(String detail) {
        return new HealthStatus(false, detail);
    }
}
