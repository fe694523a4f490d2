package io.cirstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CombinerTrainingConfigTest {

    @Test
    void defaultsAreThePublishedRecipe() {
        CombinerTrainingConfig config = CombinerTrainingConfig.defaults();

        assertThat(config.learningRate()).isEqualTo(2e-5);
        assertThat(config.maxBatchSize()).isEqualTo(4096);
        assertThat(config.earlyStoppingMetric()).isEqualTo(RecallMetric.RECALL_AT_10);
        assertThat(config.initialization()).isEqualTo(CombinerInitialization.WARM_START);
        assertThat(CombinerTrainingConfig.from(Settings.of(Map.of()))).isEqualTo(config);
    }

    @Test
    void readsEveryKeyFromSettings() {
        CombinerTrainingConfig config = CombinerTrainingConfig.from(Settings.of(Map.of(
                "cirstream.trainer.learning-rate", "1e-4",
                "cirstream.trainer.batch-size", "512",
                "cirstream.trainer.max-epochs", "20",
                "cirstream.trainer.patience", "3",
                "cirstream.trainer.early-stopping-metric", "recall_at_50",
                "cirstream.trainer.seed", "12",
                "cirstream.trainer.init", "from-scratch")));

        assertThat(config)
                .isEqualTo(new CombinerTrainingConfig(
                        1e-4, 512, 20, 3, RecallMetric.RECALL_AT_50, 12, CombinerInitialization.FROM_SCRATCH));
    }

    @Test
    void refusesBadValuesNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> CombinerTrainingConfig.defaults().withMaxBatchSize(1))
                .hasMessageContaining("cirstream.trainer.batch-size")
                .hasMessageContaining("got 1");
        assertThatThrownBy(() -> CombinerTrainingConfig.defaults().withLearningRate(0))
                .hasMessageContaining("cirstream.trainer.learning-rate");
        assertThatThrownBy(() -> CombinerTrainingConfig.defaults().withPatience(0))
                .hasMessageContaining("cirstream.trainer.patience");
        assertThatThrownBy(() -> CombinerTrainingConfig.defaults().withMaxEpochs(0))
                .hasMessageContaining("cirstream.trainer.max-epochs");
        assertThatThrownBy(() -> CombinerTrainingConfig.from(
                        Settings.of(Map.of("cirstream.trainer.early-stopping-metric", "precision"))))
                .hasMessageContaining("precision")
                .hasMessageContaining("recall_at_10");
        assertThatThrownBy(() -> CombinerTrainingConfig.from(Settings.of(Map.of("cirstream.trainer.init", "cold"))))
                .hasMessageContaining("cold")
                .hasMessageContaining("from-scratch");
    }

    @Test
    void theBatchIsTheSetWhenTheSetIsSmaller() {
        assertThat(CombinerTrainingConfig.defaults().batchSizeFor(100)).isEqualTo(100);
        assertThat(CombinerTrainingConfig.defaults().batchSizeFor(10_000)).isEqualTo(4096);
    }
}
