/**
 * Provides a real single-node Kafka broker (KRaft) inside the JVM, for tests and the standalone mode. The only
 * package of cirstream that needs the Kafka server artifacts; topic creation and dead letters stay in core.
 */
package io.cirstream.demo.kafka;
