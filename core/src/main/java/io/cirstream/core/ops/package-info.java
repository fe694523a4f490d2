/** Provides the operational surface every service shares: health checks, Prometheus metrics and their HTTP server. */
package io.cirstream.core.ops;
