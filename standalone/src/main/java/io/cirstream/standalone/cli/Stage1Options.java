package io.cirstream.standalone.cli;

import io.cirstream.trainer.stage1.AdamWSettings;
import io.cirstream.trainer.stage1.Batching;
import io.cirstream.trainer.stage1.EncoderSelection;
import io.cirstream.trainer.stage1.Precision;
import io.cirstream.trainer.stage1.Stage1Config;
import picocli.CommandLine.Option;

/**
 * The options of {@code cirstream train --stage 1} beyond the shared recipe options ({@link TrainingOptions}), and
 * the stage-1 configuration they make: the published recipe unless overridden.
 */
final class Stage1Options {

    @Option(
            names = "--encoders",
            defaultValue = "both",
            description = "Stage 1: which encoders train, both, text or image (default: ${DEFAULT-VALUE}).")
    String encoders;

    @Option(
            names = "--accumulation",
            defaultValue = "1",
            description = "Stage 1: micro-batches per step when a batch does not fit (default: ${DEFAULT-VALUE}).")
    int accumulation;

    @Option(names = "--weight-decay", description = "Stage 1: AdamW's decoupled weight decay (default: 0.01).")
    Double weightDecay;

    @Option(
            names = "--batching",
            defaultValue = "random",
            description = "Stage 1: random (published) or grouped (a reference's image set kept in one batch: hard"
                    + " negatives; default: ${DEFAULT-VALUE}).")
    String batching;

    @Option(
            names = "--precision",
            defaultValue = "fp32",
            description = "Stage 1: fp32, or mixed (float16 forward/backward with float32 master weights and dynamic"
                    + " loss scaling; needs the bundle's fp16 encoders; meant for GPUs, slow on a CPU; default:"
                    + " ${DEFAULT-VALUE}).")
    String precision;

    @Option(
            names = "--name",
            description = "Stage 1: the new bundle's name (default: the source bundle's name + '-stage1').")
    String name;

    /** The stage-1 configuration: the published recipe with the given options in its place. */
    Stage1Config config(TrainingOptions shared) {
        Stage1Config published = Stage1Config.published();
        AdamWSettings optimizer = shared.learningRate != null
                ? AdamWSettings.withLearningRate(shared.learningRate)
                : AdamWSettings.published();
        if (weightDecay != null) {
            optimizer = optimizer.withWeightDecay(weightDecay);
        }
        return new Stage1Config(
                optimizer,
                EncoderSelection.parse(encoders),
                shared.trainBatchSize != null ? shared.trainBatchSize : published.batchSize(),
                accumulation,
                shared.maxEpochs != null ? shared.maxEpochs : published.maxEpochs(),
                shared.patience != null ? shared.patience : published.patience(),
                shared.earlyStoppingMetric != null ? shared.earlyStoppingMetric : published.metric(),
                shared.seed != null ? shared.seed : published.seed(),
                Batching.parse(batching),
                Precision.parse(precision));
    }
}
