/**
 * Provides {@code cirstream pipeline}: the whole system end to end in one JVM on embedded parts (a synthetic
 * catalogue, the in-JVM Kafka broker, the real ingest and trainer services, a Lucene index) and the evaluation of what
 * it served.
 */
package io.cirstream.standalone.pipeline;
