package io.cirstream.trainer.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Runs the triggers start by themselves, and what happens to a request the trainer is not ready for (after a switch to
 * new encoders, until ingest has switched the store to their collection): it is asked again until a run starts, and
 * settled by a run that starts some other way or is already running.
 */
class TrainingTriggersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofMillis(10);
    private static final TriggerConfig EVERY_FIVE = new TriggerConfig(5, Duration.ZERO, 2);

    /** The coordinator as the triggers see it: not ready until told, then it starts runs (one at a time). */
    private static final class Coordinator implements TrainingRequests {
        final AtomicLong logSequence = new AtomicLong();
        final AtomicLong lastStarted = new AtomicLong();
        final AtomicBoolean ready = new AtomicBoolean();
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicInteger notReadyAnswers = new AtomicInteger();
        final List<Trigger> started = new CopyOnWriteArrayList<>();

        @Override
        public RequestOutcome request(Trigger trigger) {
            if (running.get()) {
                return new RequestOutcome.Busy("run-1");
            }
            if (!ready.get()) {
                notReadyAnswers.incrementAndGet();
                return new RequestOutcome.NotReady("the vector store's active collection is A, not B");
            }
            lastStarted.set(logSequence.get());
            started.add(trigger);
            running.set(true);
            return new RequestOutcome.Started("run-" + started.size());
        }

        TrainingTriggers triggers(TriggerConfig config) {
            return new TrainingTriggers(config, logSequence::get, lastStarted::get, this, RETRY);
        }
    }

    @Test
    void aRequestTheTrainerIsNotReadyForIsAskedAgainUntilARunStartsByItself() {
        Coordinator coordinator = new Coordinator();
        coordinator.logSequence.set(40); // a switch to new encoders: every triplet counts as changed
        try (TrainingTriggers triggers = coordinator.triggers(EVERY_FIVE)) {
            triggers.start();
            triggers.checkNewTriplets();
            assertThat(coordinator.notReadyAnswers).hasValue(1);
            assertThat(triggers.deferred()).hasValue(Trigger.NEW_TRIPLETS);

            Await.until("the deferred request is asked again", WAIT, () -> coordinator.notReadyAnswers.get() >= 3);
            assertThat(coordinator.started).isEmpty();
            assertThat(triggers.deferred()).hasValue(Trigger.NEW_TRIPLETS);

            coordinator.ready.set(true); // ingest switched the store to the new encoders' collection
            Await.until("a run starts by itself", WAIT, () -> !coordinator.started.isEmpty());
            assertThat(coordinator.started).containsExactly(Trigger.NEW_TRIPLETS);
            assertThat(coordinator.lastStarted).hasValue(40);
            assertThat(triggers.deferred()).isEmpty();
            assertThat(triggers.changedSinceLastRun()).isZero();
        }
    }

    @Test
    void aRunStartedSomeOtherWaySettlesADeferredRequest() {
        Coordinator coordinator = new Coordinator();
        coordinator.logSequence.set(12);
        try (TrainingTriggers triggers = coordinator.triggers(EVERY_FIVE)) {
            triggers.checkNewTriplets();
            assertThat(triggers.deferred()).hasValue(Trigger.NEW_TRIPLETS);

            coordinator.lastStarted.set(12); // POST /train took every changed triplet
            triggers.start();
            Await.until(
                    "the deferral is settled", WAIT, () -> triggers.deferred().isEmpty());
            assertThat(coordinator.started).isEmpty();
            assertThat(coordinator.notReadyAnswers).hasValue(1);
        }
    }

    @Test
    void aRunInProgressSettlesADeferredRequestAndTheCheckAfterItTakesWhatIsLeft() {
        Coordinator coordinator = new Coordinator();
        coordinator.logSequence.set(12);
        try (TrainingTriggers triggers = coordinator.triggers(EVERY_FIVE)) {
            triggers.checkNewTriplets();
            assertThat(triggers.deferred()).hasValue(Trigger.NEW_TRIPLETS);

            coordinator.running.set(true);
            triggers.start();
            Await.until(
                    "the deferral is settled", WAIT, () -> triggers.deferred().isEmpty());
            assertThat(coordinator.started).isEmpty();

            coordinator.running.set(false);
            coordinator.ready.set(true);
            triggers.checkNewTriplets(); // what the coordinator calls when a run ends
            assertThat(coordinator.started).containsExactly(Trigger.NEW_TRIPLETS);
        }
    }

    @Test
    void fewerChangedTripletsThanTheThresholdOrNoThresholdRequestNothing() {
        Coordinator coordinator = new Coordinator();
        coordinator.ready.set(true);
        coordinator.logSequence.set(4);
        try (TrainingTriggers triggers = coordinator.triggers(EVERY_FIVE)) {
            triggers.checkNewTriplets();
            assertThat(coordinator.started).isEmpty();
            coordinator.logSequence.set(5);
            triggers.checkNewTriplets();
            assertThat(coordinator.started).containsExactly(Trigger.NEW_TRIPLETS);
        }
        Coordinator off = new Coordinator();
        off.logSequence.set(1_000);
        try (TrainingTriggers triggers = off.triggers(new TriggerConfig(0, Duration.ZERO, 2))) {
            triggers.checkNewTriplets();
            assertThat(off.notReadyAnswers).hasValue(0);
            assertThat(triggers.deferred()).isEmpty();
        }
    }
}
