package io.cirstream.trainer.app;

import io.cirstream.trainer.trigger.Trigger;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Executes one training run to its end and returns its final report ({@link TrainingRun} does). */
@FunctionalInterface
public interface RunExecutor {
    RunReport execute(
            String runId, Trigger trigger, Path runDirectory, RunProgress progress, BooleanSupplier cancelled);
}
