package io.cirstream.trainer.trigger;

import java.util.Objects;

/** The answer to a request for a training run. */
public sealed interface RequestOutcome {

    /** A run started. */
    record Started(String runId) implements RequestOutcome {
        public Started {
            Objects.requireNonNull(runId, "runId");
        }
    }

    /** A run is in progress already; one runs at a time. */
    record Busy(String runningRunId) implements RequestOutcome {
        public Busy {
            Objects.requireNonNull(runningRunId, "runningRunId");
        }
    }

    /** The trainer cannot start a run yet (still reading the triplet or model topic, or shutting down). */
    record NotReady(String reason) implements RequestOutcome {
        public NotReady {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
