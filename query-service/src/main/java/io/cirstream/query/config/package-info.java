/** Provides the validated configuration of the query service. */
package io.cirstream.query.config;
