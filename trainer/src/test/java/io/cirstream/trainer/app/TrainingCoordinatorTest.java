package io.cirstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.trainer.trigger.RequestOutcome;
import io.cirstream.trainer.trigger.Trigger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-run-at-a-time rule, readiness, cancellation and crash recovery, around a run that waits to be released. */
class TrainingCoordinatorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path runs;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final List<RunReport> finished = new CopyOnWriteArrayList<>();

    private RunReport heldRun(
            String runId, Trigger trigger, Path dir, RunProgress progress, java.util.function.BooleanSupplier cancelled)
            throws InterruptedException {
        RunReport report =
                RunReport.started(runId, trigger, Instant.now(), "combiner").logSequence(7);
        report.write(dir);
        entered.countDown();
        while (!release.await(10, TimeUnit.MILLISECONDS)) {
            if (cancelled.getAsBoolean()) {
                return report.finished(RunStatus.INTERRUPTED, "cancelled", Instant.now());
            }
        }
        report.finished(RunStatus.REJECTED, "not better", Instant.now()).write(dir);
        return report;
    }

    private TrainingCoordinator coordinator(AtomicReference<Optional<String>> notReady) {
        RunExecutor executor = (runId, trigger, dir, progress, cancelled) -> {
            try {
                return heldRun(runId, trigger, dir, progress, cancelled);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        return new TrainingCoordinator(
                executor, runs, () -> 42, notReady::get, 10, Clock.systemUTC(), new TrainingCoordinator.Listener() {
                    @Override
                    public void finished(RunReport report) {
                        finished.add(report);
                    }
                });
    }

    @Test
    void aSecondRequestWhileARunIsInProgressIsAnsweredBusyWithTheRunningRun() throws Exception {
        try (TrainingCoordinator coordinator = coordinator(new AtomicReference<>(Optional.empty()))) {
            RequestOutcome first = coordinator.request(Trigger.ON_DEMAND);
            assertThat(first).isInstanceOf(RequestOutcome.Started.class);
            String runId = ((RequestOutcome.Started) first).runId();
            assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(coordinator.request(Trigger.NEW_TRIPLETS)).isEqualTo(new RequestOutcome.Busy(runId));
            assertThat(coordinator.request(Trigger.ON_DEMAND)).isEqualTo(new RequestOutcome.Busy(runId));
            assertThat(coordinator.running()).map(RunProgress.Snapshot::runId).hasValue(runId);
            assertThat(coordinator.lastStartedSequence()).isEqualTo(42);

            release.countDown();
            awaitFinished(1);
            assertThat(finished.get(0).runId()).isEqualTo(runId);
            assertThat(coordinator.last()).map(RunReport::status).hasValue(RunStatus.REJECTED);
            assertThat(coordinator.report(runId)).map(RunReport::status).hasValue(RunStatus.REJECTED);
            assertThat(coordinator.request(Trigger.ON_DEMAND)).isInstanceOf(RequestOutcome.Started.class);
        }
    }

    @Test
    void noRunStartsBeforeTheTrainerIsReady() {
        AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.of("still reading the topic"));
        try (TrainingCoordinator coordinator = coordinator(notReady)) {
            assertThat(coordinator.request(Trigger.ON_DEMAND))
                    .isEqualTo(new RequestOutcome.NotReady("still reading the topic"));
            assertThat(coordinator.running()).isEmpty();
        }
    }

    @Test
    void closingCancelsTheRunningRun() throws Exception {
        TrainingCoordinator coordinator = coordinator(new AtomicReference<>(Optional.empty()));
        coordinator.request(Trigger.SCHEDULE);
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        coordinator.close();
        assertThat(finished).singleElement().extracting(RunReport::status).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(coordinator.request(Trigger.ON_DEMAND)).isInstanceOf(RequestOutcome.NotReady.class);
    }

    @Test
    void aRunLeftRunningByACrashIsMarkedInterruptedOnStart() {
        Path crashed = runs.resolve("run-20261201T100000000Z");
        RunReport.started("run-20261201T100000000Z", Trigger.NEW_TRIPLETS, Instant.now(), "combiner")
                .logSequence(17)
                .write(crashed);
        try (TrainingCoordinator coordinator = coordinator(new AtomicReference<>(Optional.empty()))) {
            RunReport recovered = RunReport.read(crashed).orElseThrow();
            assertThat(recovered.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(recovered.reason()).contains("nothing of it was published");
            assertThat(coordinator.last()).map(RunReport::runId).hasValue("run-20261201T100000000Z");
            assertThat(coordinator.lastStartedSequence()).isEqualTo(17);
        }
    }

    private void awaitFinished(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (finished.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no run finished within " + WAIT);
            }
            Thread.sleep(10);
        }
    }
}
