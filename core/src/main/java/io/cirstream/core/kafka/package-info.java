/**
 * Provides a real single-node Kafka broker (KRaft) inside the JVM, for tests and the standalone mode, the creation
 * of cirstream's topics on it with their descriptors' settings, and the dead-letter records every consumer writes.
 */
package io.cirstream.core.kafka;
