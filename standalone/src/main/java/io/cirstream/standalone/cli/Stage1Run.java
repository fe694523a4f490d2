package io.cirstream.standalone.cli;

import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.eval.report.ReportTable;
import io.cirstream.core.eval.report.ReportWriter;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.trainer.stage1.Stage1Config;
import io.cirstream.trainer.stage1.Stage1Curve;
import io.cirstream.trainer.stage1.Stage1Data;
import io.cirstream.trainer.stage1.Stage1Result;
import io.cirstream.trainer.stage1.Stage1Trainer;
import io.cirstream.trainer.stage1.Stage1Validation;
import io.cirstream.trainer.training.TrainingCurve;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code cirstream train --stage 1}: fine-tunes the bundle's encoders on the dataset's training split, validates every
 * epoch with the protocol, and writes the best epoch's bundle to {@code <out>/bundle}, the training curve and the
 * protocol's reports of the source bundle ({@code eval-before/}) and the new one ({@code eval/}).
 */
final class Stage1Run {

    private Stage1Run() {}

    static Stage1Result run(
            Stage1Config config,
            DatasetKind kind,
            Path path,
            MissingImagePolicy policy,
            ModelBundle source,
            TorchRuntime.Resolved runtime,
            ModelOptions model,
            String name,
            Path out,
            PrintWriter console)
            throws IOException {
        Stage1Data data;
        try (StageProgress progress = new StageProgress()) {
            data = Stage1Data.load(kind, path, policy, source, model.imageLimits(), progress);
        }
        Stage1Validation validation = new Stage1Validation(kind, path, policy, runtime, model.imageLimits());
        Stage1Result result;
        try (Stage1Progress progress = new Stage1Progress(console, config.metric())) {
            result = new Stage1Trainer(config, runtime.device())
                    .train(source, data, validation, name, out, progress, () -> false);
        }
        Stage1Curve.write(result, out);
        ReportWriter.write(result.initialReport(), out.resolve("eval-before"));
        ReportWriter.write(result.bestReport(), out.resolve("eval"));
        console.printf(
                "best epoch %d of %d (%s) in %.1f s: %s (zero-shot sum: %s)%nwrote bundle %s (encoder version %s),"
                        + " %s, %s%n",
                result.bestEpoch(),
                result.curve().size(),
                result.stopReason(),
                result.seconds(),
                result.bestMetrics(),
                result.initialMetrics(),
                result.bundle().directory(),
                result.bundle().encoderVersion(),
                out.resolve(TrainingCurve.JSON_FILE),
                out.resolve(TrainingCurve.SVG_FILE));
        console.print(ReportTable.render(result.bestReport()));
        return result;
    }
}
