package io.cirstream.ingest.chaos;

/** What must become of a catalogue event. */
enum Outcome {
    /** The product's newest version: the store holds it (or, for a removal, does not hold the product). */
    APPLIED,
    /** Older than a version that came before it: skipped. */
    STALE,
    /** Applied or not, a newer version that came after it replaced it. */
    SUPERSEDED,
    /** Refused: on the dead-letter topic, once, with its reason. */
    DEAD_LETTERED
}
