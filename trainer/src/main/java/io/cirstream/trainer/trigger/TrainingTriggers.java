package io.cirstream.trainer.trigger;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts training runs by themselves: once {@link TriggerConfig#everyTriplets()} triplets changed since the last run
 * started (checked whenever the log changes and whenever a run ends), and every {@link TriggerConfig#interval()} when
 * anything changed since. A request while a run is in progress is simply not taken; the check after the run catches
 * what arrived meanwhile.
 */
public final class TrainingTriggers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingTriggers.class);

    private final TriggerConfig config;
    private final LongSupplier logSequence;
    private final LongSupplier lastStartedSequence;
    private final TrainingRequests requests;
    private final ScheduledExecutorService schedule;

    /**
     * @param logSequence the training log's change count now
     * @param lastStartedSequence the change count when the last run started
     */
    public TrainingTriggers(
            TriggerConfig config,
            LongSupplier logSequence,
            LongSupplier lastStartedSequence,
            TrainingRequests requests) {
        this.config = Objects.requireNonNull(config, "config");
        this.logSequence = Objects.requireNonNull(logSequence, "logSequence");
        this.lastStartedSequence = Objects.requireNonNull(lastStartedSequence, "lastStartedSequence");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("trainer-schedule").daemon().factory());
    }

    /** Starts the schedule, if one is configured. */
    public void start() {
        long millis = config.interval().toMillis();
        if (millis > 0) {
            schedule.scheduleAtFixedRate(this::scheduled, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** The log changed, or a run ended: start a run if enough triplets changed since the last one started. */
    public void checkNewTriplets() {
        long changed = changedSinceLastRun();
        if (config.everyTriplets() > 0 && changed >= config.everyTriplets()) {
            RequestOutcome outcome = requests.request(Trigger.NEW_TRIPLETS);
            if (outcome instanceof RequestOutcome.Started started) {
                LOG.info("{} triplets changed since the last run: started {}", changed, started.runId());
            }
        }
    }

    /** Triplets changed since the last run started. */
    public long changedSinceLastRun() {
        return logSequence.getAsLong() - lastStartedSequence.getAsLong();
    }

    private void scheduled() {
        try {
            if (changedSinceLastRun() > 0) {
                RequestOutcome outcome = requests.request(Trigger.SCHEDULE);
                LOG.info("scheduled training: {}", outcome);
            }
        } catch (RuntimeException e) {
            LOG.error("the scheduled training check failed", e);
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
