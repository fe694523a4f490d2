/**
 * Provides the Avro record classes of every cirstream topic, generated from {@code schemas/src/main/avro} (strings as
 * {@link java.lang.String}, timestamps as {@link java.time.Instant}).
 */
package io.cirstream.schemas.avro;
