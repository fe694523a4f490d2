/** Provides the ingest service's Prometheus meters and health checks (on core.ops). */
package io.cirstream.ingest.ops;
