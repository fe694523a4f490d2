/** Provides the running query service: wiring, start-up, metrics and shutdown. */
package io.cirstream.query.app;
