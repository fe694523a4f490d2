package io.cirstream.trainer.trigger;

/** Where requests for a training run go: the coordinator that runs one at a time. */
@FunctionalInterface
public interface TrainingRequests {
    RequestOutcome request(Trigger trigger);
}
