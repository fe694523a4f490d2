package io.cirstream.ingest.chaos;

/** A catalogue event as the broker acknowledged it: where it landed. */
record SentEvent(ChaosEvent event, int partition, long offset) {

    /** Its version as the store orders them: event time, then offset. */
    boolean isOlderThan(SentEvent other) {
        return event.eventTime() < other.event.eventTime()
                || (event.eventTime() == other.event.eventTime() && offset < other.offset);
    }
}
