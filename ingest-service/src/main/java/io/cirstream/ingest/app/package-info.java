/** Provides the ingest service itself: its wiring, start-up and shutdown, and the {@code main} that runs it. */
package io.cirstream.ingest.app;
