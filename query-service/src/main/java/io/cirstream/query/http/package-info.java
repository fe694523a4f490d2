/** Provides the query service's HTTP API, answered through the topology: search, products, feedback, models and the OpenAPI document. */
package io.cirstream.query.http;
