package io.cirstream.standalone.pipeline;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.config.Settings;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.core.store.VectorStore;
import io.cirstream.trainer.app.RunProgress;
import io.cirstream.trainer.app.RunReport;
import io.cirstream.trainer.app.RunStatus;
import io.cirstream.trainer.app.TrainerService;
import io.cirstream.trainer.config.TrainerConfig;
import io.cirstream.trainer.trigger.RequestOutcome;
import io.cirstream.trainer.trigger.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Step 5: the real trainer service on the embedded broker and the ingest service's store. Once it has read the
 * triplet and model topics it is asked for a run on demand (as {@code POST /train} does), and the run is followed
 * until it ends: training with early stopping on the held-out triplets, the gate against the serving version (the
 * bundle's Combiner before any announcement), and publication of a promoted candidate on {@code cir.models}.
 */
final class TrainingStage {

    private static final Duration POLL = Duration.ofMillis(250);

    private TrainingStage() {}

    /**
     * How the run ended.
     *
     * @param report the trainer's run report ({@code report.json} in the run directory)
     * @param runDirectory the run's directory (report, training curve)
     * @param healthPort the trainer's HTTP port (health, metrics, training API)
     */
    record Outcome(RunReport report, Path runDirectory, int healthPort) implements StepOutcome {
        @Override
        public String summary() {
            return String.format(
                    "%s %s in %.1f s: %s%s",
                    report.runId(),
                    report.status().key(),
                    report.seconds(),
                    report.reason(),
                    report.publishedVersion()
                            .map(version -> "; published " + version + " on cir.models")
                            .orElse("; nothing published"));
        }
    }

    /** Starts the trainer on {@code store} (which it uses and does not close); {@code parts} stops it. */
    static TrainerService start(Settings settings, VectorStore store, ShutdownStack parts) {
        return parts.push("trainer service", TrainerService.start(TrainerConfig.from(settings), Optional.of(store)));
    }

    /**
     * Waits until the trainer's log holds the {@code triplets} sent, asks for a run and follows it.
     *
     * @param readyLimit how long the trainer may take to be ready for a run
     */
    static Outcome train(TrainerService trainer, long triplets, ProgressListener progress, Duration readyLimit) {
        String runId = request(trainer, triplets, readyLimit);
        follow(trainer, runId, progress);
        RunReport report = trainer.coordinator().last().orElseThrow();
        if (report.status() == RunStatus.FAILED
                || report.status() == RunStatus.SKIPPED
                || report.status() == RunStatus.INTERRUPTED) {
            throw new CirstreamException(
                    "training run " + runId + " " + report.status().key() + ": " + report.reason() + " (report: "
                            + trainer.coordinator().runDirectory(runId) + ")");
        }
        return new Outcome(report, trainer.coordinator().runDirectory(runId), trainer.httpPort());
    }

    private static String request(TrainerService trainer, long triplets, Duration readyLimit) {
        long deadline = System.nanoTime() + readyLimit.toNanos();
        String waitingFor = "the triplet and model topics to be read";
        while (System.nanoTime() < deadline) {
            if (trainer.caughtUp() && trainer.log().size() >= triplets) {
                RequestOutcome outcome = trainer.coordinator().request(Trigger.ON_DEMAND);
                switch (outcome) {
                    case RequestOutcome.Started started -> {
                        return started.runId();
                    }
                    case RequestOutcome.Busy busy ->
                        throw new CirstreamException(
                                "the trainer is busy with run " + busy.runningRunId() + " (triggers are off here)");
                    case RequestOutcome.NotReady notReady -> waitingFor = notReady.reason();
                }
            } else if (trainer.caughtUp()) {
                waitingFor = "the training log to hold " + triplets + " triplets (it holds "
                        + trainer.log().size() + ")";
            }
            sleep();
        }
        throw new CirstreamException("the trainer was not ready for a run within " + readyLimit + ": " + waitingFor);
    }

    /** Shows the run's phases and its batches as progress until the run has ended. */
    private static void follow(TrainerService trainer, String runId, ProgressListener progress) {
        String phase = "";
        long shown = 0;
        while (true) {
            Optional<RunProgress.Snapshot> running = trainer.coordinator().running();
            if (trainer.coordinator().last().map(RunReport::runId).equals(Optional.of(runId))) {
                return;
            }
            if (running.isEmpty() || !running.get().runId().equals(runId)) {
                throw new CirstreamException("training run " + runId + " ended without a report (see the trainer's"
                        + " log and " + trainer.coordinator().runDirectory(runId) + ")");
            }
            RunProgress.Snapshot now = running.get();
            if (!now.phase().equals(phase)) {
                phase = now.phase();
                shown = 0;
                progress.stage(stageName(runId, now), stageTotal(now));
            }
            if (phase.equals("training")) {
                long done = (long) Math.max(0, now.epoch() - 1) * now.batches() + now.batch();
                if (done > shown) {
                    progress.advance(done - shown);
                    shown = done;
                }
            }
            sleep();
        }
    }

    private static String stageName(String runId, RunProgress.Snapshot now) {
        return switch (now.phase()) {
            case "preparing" -> "preparing " + runId + " (catalogue snapshot, caption features)";
            case "training" -> "training " + runId + " (" + now.maxEpochs() + " epochs at most)";
            case "evaluating" -> "gate: candidate vs serving version";
            default -> now.phase() + " " + runId;
        };
    }

    private static long stageTotal(RunProgress.Snapshot now) {
        return now.phase().equals("training") ? (long) now.maxEpochs() * Math.max(1, now.batches()) : 1;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CirstreamException("interrupted while following the training run", e);
        }
    }
}
