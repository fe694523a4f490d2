package io.cirstream.trainer.log;

/**
 * What one durable append changed.
 *
 * @param added triplets with an id the log did not hold
 * @param replaced triplets that replaced a different one under the same id
 * @param unchanged triplets identical to what the log held (a redelivery), not written again
 * @param removed triplets removed by a tombstone
 */
public record AppendResult(int added, int replaced, int unchanged, int removed) {

    /** Entries that changed the training set. */
    public int changes() {
        return added + replaced + removed;
    }
}
