/**
 * Provides the Kafka serdes of the Avro records: single-object encoding, decoding of every known earlier version of a
 * schema, and decoding errors that say what is wrong with the bytes.
 */
package io.cirstream.schemas.serde;
