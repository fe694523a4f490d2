package io.cirstream.ingest.rebuild;

import io.cirstream.core.ops.HealthStatus;

/** Where a collection rebuild stands, for health checks and tests. */
public final class RebuildStatus {

    /** The phases of a rebuild. */
    public enum Phase {
        /** No rebuild was needed. */
        NONE,
        /** Reading the catalogue topic from its start into the new collection. */
        REBUILDING,
        /** Caught up; the new collection is the active one. */
        DONE,
        /** Stopped before it caught up (the service is closing). */
        STOPPED,
        /** Failed; the active collection is unchanged. */
        FAILED
    }

    private volatile Phase phase = Phase.NONE;
    private volatile String detail = "no rebuild needed";

    void set(Phase newPhase, String newDetail) {
        phase = newPhase;
        detail = newDetail;
    }

    public Phase phase() {
        return phase;
    }

    /** Up unless the rebuild failed; the detail says where it stands. */
    public HealthStatus health() {
        return phase == Phase.FAILED ? HealthStatus.down(detail) : HealthStatus.up(phase + ": " + detail);
    }
}
