/** Provides the ingest service's one validated configuration record, read from properties and the environment. */
package io.cirstream.ingest.config;
