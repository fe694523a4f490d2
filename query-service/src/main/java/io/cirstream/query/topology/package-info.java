/** Provides the Kafka Streams topology of the query service: composed queries in, one result per query id out, and the catalogue view. */
package io.cirstream.query.topology;
