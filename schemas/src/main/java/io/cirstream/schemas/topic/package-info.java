/** Provides the typed descriptors of cirstream's Kafka topics: name, key and value serdes, and topic settings. */
package io.cirstream.schemas.topic;
