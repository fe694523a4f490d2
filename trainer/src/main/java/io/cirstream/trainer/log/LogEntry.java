package io.cirstream.trainer.log;

import java.util.Objects;

/** One change to the training log: a triplet written (new or replacing its id) or removed (a topic tombstone). */
public sealed interface LogEntry {

    /** The triplet id the entry changes. */
    String tripletId();

    /** A triplet, new or replacing the one held under its id. */
    record Put(Triplet triplet) implements LogEntry {
        public Put {
            Objects.requireNonNull(triplet, "triplet");
        }

        @Override
        public String tripletId() {
            return triplet.id();
        }
    }

    /** The triplet with this id is gone (a tombstone on the compacted topic). */
    record Remove(String tripletId) implements LogEntry {
        public Remove {
            Objects.requireNonNull(tripletId, "tripletId");
        }
    }
}
