/**
 * Provides the rebuild of a new encoder version's collection from the compacted catalogue topic, and the atomic
 * switch to it once it has caught up.
 */
package io.cirstream.ingest.rebuild;
