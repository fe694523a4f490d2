/**
 * Provides a real single-node Kafka broker (KRaft) inside the JVM, for tests and the standalone mode, and the creation
 * of cirstream's topics on it with their descriptors' settings.
 */
package io.cirstream.core.kafka;
