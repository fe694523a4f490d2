package io.cirstream.ingest.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a consumer loop is doing, for health checks: when it last polled, and whether the store is failing it. */
public final class LoopStatus {

    private volatile Instant lastPoll = Instant.EPOCH;
    private volatile String failure;
    private volatile boolean running;
    private volatile boolean finished;

    void polled() {
        lastPoll = Instant.now();
    }

    void failing(Throwable cause) {
        failure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    void recovered() {
        failure = null;
    }

    void running(boolean value) {
        running = value;
    }

    void finished() {
        finished = true;
    }

    /** Whether the loop polled within {@code within} of now (it polls while it waits out a store outage too). */
    public boolean pollingWithin(Duration within) {
        return running && Duration.between(lastPoll, Instant.now()).compareTo(within) <= 0;
    }

    /** Why the current batch cannot be written, while it cannot. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean isRunning() {
        return running;
    }

    /** Whether the loop reached the end it was given (a rebuild caught up). */
    public boolean isFinished() {
        return finished;
    }
}
