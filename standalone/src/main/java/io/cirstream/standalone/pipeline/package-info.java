/**
 * Provides the system in one JVM on embedded parts (a synthetic catalogue, the in-JVM Kafka broker, a Lucene index,
 * the real services): {@code cirstream pipeline}, the scripted end-to-end run with the evaluation of what it served,
 * and {@code cirstream standalone}, the live system with the query service's web demo, resumable from its directory.
 */
package io.cirstream.standalone.pipeline;
