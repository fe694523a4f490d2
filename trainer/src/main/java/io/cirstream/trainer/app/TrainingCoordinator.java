package io.cirstream.trainer.app;

import io.cirstream.trainer.trigger.RequestOutcome;
import io.cirstream.trainer.trigger.TrainingRequests;
import io.cirstream.trainer.trigger.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training one at a time: a request while a run is in progress is answered {@link RequestOutcome.Busy} with the
 * running run's id, and one before the trainer is ready (topics still being read) {@link RequestOutcome.NotReady}.
 * Runs execute on a thread of their own; closing cancels the running one (it publishes nothing) and waits for it.
 *
 * <p>On start it finds the run directories of an earlier process: a report still marked running belongs to a run that
 * the process did not finish (a crash); it is marked interrupted, and as publication is a run's last step, nothing of
 * it was announced.
 */
public final class TrainingCoordinator implements TrainingRequests, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCoordinator.class);

    /** Hears runs start and end (metrics, triggers). */
    public interface Listener {
        default void started(String runId, Trigger trigger) {}

        default void finished(RunReport report) {}
    }

    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(2);

    private final RunExecutor run;
    private final Path runsDirectory;
    private final LongSupplier logSequence;
    private final Supplier<Optional<String>> notReady;
    private final int maxEpochs;
    private final Clock clock;
    private final Listener listener;
    private final ExecutorService executor;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile RunProgress running;
    private volatile RunReport last;
    private volatile long lastStartedSequence;

    /**
     * @param notReady why a run cannot start now, or empty when it can
     * @param logSequence the training log's change count now
     */
    public TrainingCoordinator(
            RunExecutor run,
            Path runsDirectory,
            LongSupplier logSequence,
            Supplier<Optional<String>> notReady,
            int maxEpochs,
            Clock clock,
            Listener listener) {
        this.run = Objects.requireNonNull(run, "run");
        this.runsDirectory = Objects.requireNonNull(runsDirectory, "runsDirectory");
        this.logSequence = Objects.requireNonNull(logSequence, "logSequence");
        this.notReady = Objects.requireNonNull(notReady, "notReady");
        this.maxEpochs = maxEpochs;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("trainer-run").factory());
        recoverEarlierRuns();
    }

    @Override
    public synchronized RequestOutcome request(Trigger trigger) {
        if (closing.get()) {
            return new RequestOutcome.NotReady("the trainer is shutting down");
        }
        RunProgress current = running;
        if (current != null) {
            return new RequestOutcome.Busy(current.runId());
        }
        Optional<String> reason = notReady.get();
        if (reason.isPresent()) {
            return new RequestOutcome.NotReady(reason.get());
        }
        String runId = newRunId();
        RunProgress progress = new RunProgress(runId, maxEpochs, report -> {});
        running = progress;
        lastStartedSequence = logSequence.getAsLong();
        listener.started(runId, trigger);
        executor.execute(() -> execute(runId, trigger, progress));
        return new RequestOutcome.Started(runId);
    }

    /** The running run's progress, if one runs. */
    public Optional<RunProgress.Snapshot> running() {
        RunProgress current = running;
        return current == null ? Optional.empty() : Optional.of(current.snapshot());
    }

    /** The report of the last run that ended (in this process or an earlier one). */
    public Optional<RunReport> last() {
        return Optional.ofNullable(last);
    }

    /** The report of a run, by id, from its directory. */
    public Optional<RunReport> report(String runId) {
        if (!runId.matches("run-[0-9TZ-]+")) {
            return Optional.empty();
        }
        return RunReport.read(runsDirectory.resolve(runId));
    }

    /** The directory of a run (its report, training curve). */
    public Path runDirectory(String runId) {
        return runsDirectory.resolve(runId);
    }

    /** The training log's change count when the last run started. */
    public long lastStartedSequence() {
        return lastStartedSequence;
    }

    /**
     * The trainer switched to other encoders: no run trained with them on the log's triplets yet, so every triplet
     * counts as changed for the triggers from now on.
     */
    public void encodersChanged() {
        lastStartedSequence = 0;
    }

    /** Cancels a running run and waits for it to end. */
    @Override
    public void close() {
        closing.set(true);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the training run did not stop within {}", CLOSE_WAIT);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private void execute(String runId, Trigger trigger, RunProgress progress) {
        RunReport report = null;
        try {
            report = run.execute(runId, trigger, runsDirectory.resolve(runId), progress, closing::get);
            last = report;
        } catch (RuntimeException e) {
            LOG.error("training run {} ended abnormally", runId, e);
        } finally {
            running = null;
        }
        if (report != null) {
            try {
                listener.finished(report);
            } catch (RuntimeException e) {
                LOG.error("a listener of run {} failed", runId, e);
            }
        }
    }

    private String newRunId() {
        String base = "run-" + RUN_TIME.format(clock.instant());
        String id = base;
        for (int n = 2; Files.exists(runsDirectory.resolve(id)); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private void recoverEarlierRuns() {
        try {
            Files.createDirectories(runsDirectory);
            List<Path> runs;
            try (Stream<Path> dirs = Files.list(runsDirectory)) {
                runs = dirs.filter(Files::isDirectory)
                        .sorted(Comparator.comparing(Path::getFileName))
                        .toList();
            }
            for (Path dir : runs) {
                Optional<RunReport> report = RunReport.read(dir);
                if (report.isEmpty()) {
                    continue;
                }
                RunReport found = report.get();
                if (found.status() == RunStatus.RUNNING) {
                    found.finished(
                            RunStatus.INTERRUPTED,
                            "the trainer stopped during this run; nothing of it was published",
                            clock.instant());
                    found.write(dir);
                    LOG.warn(
                            "training run {} was interrupted by a stop of the trainer; nothing was published",
                            found.runId());
                }
                last = found;
                lastStartedSequence = Math.max(lastStartedSequence, found.logSequence());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the earlier runs in " + runsDirectory, e);
        }
    }
}
