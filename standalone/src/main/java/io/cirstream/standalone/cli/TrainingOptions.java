package io.cirstream.standalone.cli;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.trainer.training.CombinerInitialization;
import io.cirstream.trainer.training.CombinerTrainingConfig;
import io.cirstream.trainer.training.RecallMetric;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The training recipe's options of {@code cirstream train}: each overrides its {@code cirstream.trainer.*} key. */
final class TrainingOptions {

    @Option(
            names = "--init",
            defaultValue = "from-scratch",
            description = "from-scratch (PyTorch's default init, seeded) or warm-start (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(
            names = "--combiner",
            paramLabel = "FILE",
            description = "Warm-start weights (default: the bundle's Combiner).")
    Path combinerFile;

    @Option(names = "--max-epochs", description = "Most epochs (default: cirstream.trainer.max-epochs, 300).")
    Integer maxEpochs;

    @Option(names = "--patience", description = "Epochs without improvement before stopping (default: 10).")
    Integer patience;

    @Option(names = "--train-batch-size", description = "Combiner batch size (default: 4096).")
    Integer trainBatchSize;

    @Option(names = "--learning-rate", description = "Adam's learning rate (default: 2e-5).")
    Double learningRate;

    @Option(names = "--early-stopping-metric", description = "recall_at_1, _5, _10 or _50 (default: recall_at_10).")
    String earlyStoppingMetric;

    @Option(names = "--seed", description = "Seeds init, shuffles, caption forms and dropout (default: 0).")
    Long seed;

    /** The {@code cirstream.trainer.*} settings with the options given on the command line in their place. */
    CombinerTrainingConfig config() {
        CombinerTrainingConfig config = CombinerTrainingConfig.from(Settings.fromSystem())
                .withInitialization(CombinerInitialization.fromKey(init));
        if (maxEpochs != null) {
            config = config.withMaxEpochs(maxEpochs);
        }
        if (patience != null) {
            config = config.withPatience(patience);
        }
        if (trainBatchSize != null) {
            config = config.withMaxBatchSize(trainBatchSize);
        }
        if (learningRate != null) {
            config = config.withLearningRate(learningRate);
        }
        if (earlyStoppingMetric != null) {
            config = config.withEarlyStoppingMetric(RecallMetric.fromKey(earlyStoppingMetric));
        }
        return seed != null ? config.withSeed(seed) : config;
    }

    /** The warm-start weights under {@code --init warm-start}: {@code --combiner}, else the bundle's Combiner. */
    Optional<CombinerWeights> warmStart(CombinerTrainingConfig config, ModelBundle bundle) {
        if (config.initialization() != CombinerInitialization.WARM_START) {
            if (combinerFile != null) {
                throw new InvalidInputException("--combiner gives warm-start weights: add --init warm-start");
            }
            return Optional.empty();
        }
        Path weights = combinerFile != null ? combinerFile : bundle.hasCombiner() ? bundle.combinerFile() : null;
        if (weights == null) {
            throw new InvalidInputException("--init warm-start: the bundle has no Combiner; give --combiner FILE");
        }
        CombinerWeights loaded = CombinerWeights.load(weights);
        if (loaded.dims().featureDim() != bundle.featureDim()) {
            throw new InvalidInputException("Combiner %s takes features of dimension %d, the bundle's encoders give %d"
                    .formatted(weights, loaded.dims().featureDim(), bundle.featureDim()));
        }
        return Optional.of(loaded);
    }
}
