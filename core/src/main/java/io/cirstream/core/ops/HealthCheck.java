package io.cirstream.core.ops;

/**
 * One part of a service's health: the broker connection, the vector store, the loaded model. Called on every
 * {@code GET /health}, so it must answer quickly from state the service already keeps; an exception counts as down.
 */
@FunctionalInterface
public interface HealthCheck {

    HealthStatus check();
}
