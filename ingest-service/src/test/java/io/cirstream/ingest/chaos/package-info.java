/**
 * Provides the fault matrix: a catalogue of every kind of event run through the ingest service (a process of its own)
 * while one fault at a time is injected, and an audit that accounts for every event on the store and the dead-letter
 * topic.
 */
package io.cirstream.ingest.chaos;
