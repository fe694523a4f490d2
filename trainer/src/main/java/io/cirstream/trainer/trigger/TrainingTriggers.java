package io.cirstream.trainer.trigger;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts training runs by themselves: once {@link TriggerConfig#everyTriplets()} triplets changed since the last run
 * started (checked whenever the log changes and whenever a run ends), and every {@link TriggerConfig#interval()} when
 * anything changed since. A request while a run is in progress is simply not taken; the check after the run catches
 * what arrived meanwhile. A request the trainer is not ready for (topics still being read, or the store's active
 * collection not yet the one of the encoders it trains for, as after a switch to new encoders) is deferred, not
 * dropped: it is asked again every {@link #DEFAULT_RETRY retry interval} until a run starts or one is running, so the
 * first run for new encoders starts by itself once ingest has switched the store to their collection.
 */
public final class TrainingTriggers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingTriggers.class);

    /** How often a deferred request is asked again. */
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(2);

    private final TriggerConfig config;
    private final LongSupplier logSequence;
    private final LongSupplier lastStartedSequence;
    private final TrainingRequests requests;
    private final Duration retry;
    private final ScheduledExecutorService schedule;
    private final AtomicReference<Trigger> deferred = new AtomicReference<>();

    /**
     * @param logSequence the training log's change count now
     * @param lastStartedSequence the change count when the last run started
     */
    public TrainingTriggers(
            TriggerConfig config,
            LongSupplier logSequence,
            LongSupplier lastStartedSequence,
            TrainingRequests requests) {
        this(config, logSequence, lastStartedSequence, requests, DEFAULT_RETRY);
    }

    /**
     * @param retry how often a request the trainer was not ready for is asked again
     */
    TrainingTriggers(
            TriggerConfig config,
            LongSupplier logSequence,
            LongSupplier lastStartedSequence,
            TrainingRequests requests,
            Duration retry) {
        this.config = Objects.requireNonNull(config, "config");
        this.logSequence = Objects.requireNonNull(logSequence, "logSequence");
        this.lastStartedSequence = Objects.requireNonNull(lastStartedSequence, "lastStartedSequence");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.retry = Objects.requireNonNull(retry, "retry");
        if (!retry.isPositive()) {
            throw new IllegalArgumentException("the retry interval must be positive, was " + retry);
        }
        this.schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("trainer-schedule").daemon().factory());
    }

    /** Starts the schedule, if one is configured, and the retries of deferred requests. */
    public void start() {
        long millis = config.interval().toMillis();
        if (millis > 0) {
            schedule.scheduleAtFixedRate(this::scheduled, millis, millis, TimeUnit.MILLISECONDS);
        }
        long retryMillis = retry.toMillis();
        schedule.scheduleWithFixedDelay(this::retryDeferred, retryMillis, retryMillis, TimeUnit.MILLISECONDS);
    }

    /** The log changed, or a run ended: start a run if enough triplets changed since the last one started. */
    public void checkNewTriplets() {
        long changed = changedSinceLastRun();
        if (config.everyTriplets() > 0 && changed >= config.everyTriplets()) {
            if (request(Trigger.NEW_TRIPLETS) instanceof RequestOutcome.Started started) {
                LOG.info("{} triplets changed since the last run: started {}", changed, started.runId());
            }
        }
    }

    /** Triplets changed since the last run started. */
    public long changedSinceLastRun() {
        return logSequence.getAsLong() - lastStartedSequence.getAsLong();
    }

    /** The trigger whose request waits for the trainer to be ready, if one does. */
    Optional<Trigger> deferred() {
        return Optional.ofNullable(deferred.get());
    }

    private void scheduled() {
        try {
            if (changedSinceLastRun() > 0) {
                LOG.info("scheduled training: {}", request(Trigger.SCHEDULE));
            }
        } catch (RuntimeException e) {
            LOG.error("the scheduled training check failed", e);
        }
    }

    /** Asks again for a run the trainer was not ready for, while triplets are still waiting for one. */
    private void retryDeferred() {
        try {
            Trigger waiting = deferred.get();
            if (waiting == null) {
                return;
            }
            if (changedSinceLastRun() <= 0) {
                deferred.compareAndSet(waiting, null); // a run started some other way took the triplets
                return;
            }
            if (request(waiting) instanceof RequestOutcome.Started started) {
                LOG.info("the trainer is ready: started {} deferred by {}", started.runId(), waiting);
            }
        } catch (RuntimeException e) {
            LOG.error("retrying a deferred training request failed", e);
        }
    }

    /** Requests a run; one the trainer is not ready for is deferred, anything else settles a deferred one. */
    private RequestOutcome request(Trigger trigger) {
        RequestOutcome outcome = requests.request(trigger);
        if (outcome instanceof RequestOutcome.NotReady notReady) {
            if (deferred.getAndSet(trigger) == null) {
                LOG.info("{} training deferred until the trainer is ready: {}", trigger, notReady.reason());
            }
        } else {
            deferred.set(null); // started, or a run is in progress (the check after it catches what is left)
        }
        return outcome;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
