package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.trainer.app.RunExecutor;
import io.cirstream.trainer.app.RunReport;
import io.cirstream.trainer.app.RunStatus;
import io.cirstream.trainer.app.TrainerRoutes;
import io.cirstream.trainer.app.TrainingCoordinator;
import io.cirstream.trainer.training.CombinerInitialization;
import io.cirstream.trainer.training.TrainingPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code model retrain} against the trainer's HTTP API, around a run that reports progress and ends when told. */
class ModelRetrainCommandTest {

    @TempDir
    Path runs;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch training = new CountDownLatch(1);

    @Test
    void aRunIsFollowedToItsEndAndARequestDuringItIsRefusedAsBusy() throws Exception {
        RunExecutor run = (runId, trigger, dir, progress, cancelled) -> {
            RunReport report = RunReport.started(runId, trigger, Instant.now(), "combiner");
            progress.onStart(new TrainingPlan(100, 20, 50, 2, 0, 3, CombinerInitialization.WARM_START, Map.of()));
            progress.onBatch(1, 1, 2, 4.2);
            training.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            report.finished(RunStatus.REJECTED, "not better by the margin", Instant.now())
                    .write(dir);
            return report;
        };
        try (TrainingCoordinator coordinator = new TrainingCoordinator(
                        run,
                        runs,
                        () -> 0,
                        Optional::empty,
                        3,
                        Clock.systemUTC(),
                        new TrainingCoordinator.Listener() {});
                ServiceHttp http = new TrainerRoutes(coordinator)
                        .addTo(ServiceHttp.builder("trainer").host("127.0.0.1"))
                        .start()) {
            String trainer = "http://127.0.0.1:" + http.port();
            String[] followed = new String[2];
            Thread follower = Thread.ofPlatform().start(() -> {
                StringWriter out = new StringWriter();
                CommandLine cli = CirstreamCli.commandLine();
                cli.setOut(new PrintWriter(out));
                followed[0] = Integer.toString(cli.execute("model", "retrain", "--trainer", trainer));
                followed[1] = out.toString();
            });
            assertThat(training.await(60, TimeUnit.SECONDS)).isTrue();

            StringWriter err = new StringWriter();
            CommandLine second = CirstreamCli.commandLine();
            second.setErr(new PrintWriter(err));
            second.setOut(new PrintWriter(new StringWriter()));
            assertThat(second.execute("model", "retrain", "--trainer", trainer))
                    .isEqualTo(ModelRetrainCommand.EXIT_BUSY);
            assertThat(err.toString()).contains("is in progress; one runs at a time");

            release.countDown();
            follower.join(60_000);
            assertThat(followed[0]).isEqualTo("0");
            assertThat(followed[1]).contains("started run-").contains(": rejected (not better by the margin)");
        }
    }
}
