package io.cirstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeConfigTest {

    @Test
    void defaultsAreAutomatic() {
        RuntimeConfig config = RuntimeConfig.from(Map.of());

        assertThat(config).isEqualTo(RuntimeConfig.defaults());
        assertThat(config.device()).isEqualTo("auto");
        assertThat(config.fp16()).isEqualTo("auto");
        assertThat(config.maxCaptionChars()).isEqualTo(RuntimeConfig.DEFAULT_MAX_CAPTION_CHARS);
    }

    @Test
    void readsPropertyAndEnvironmentStyleKeys() {
        RuntimeConfig config = RuntimeConfig.from(Map.of(
                "cirstream.model.device", "GPU:1",
                "CIRSTREAM_MODEL_IMAGE_BATCH_SIZE", "128",
                "cirstream.caption.max-chars", "300"));

        assertThat(config.device()).isEqualTo("gpu:1");
        assertThat(config.imageBatchSize()).isEqualTo(128);
        assertThat(config.maxCaptionChars()).isEqualTo(300);
    }

    @Test
    void refusesBadValuesWithTheirName() {
        assertThatThrownBy(() -> RuntimeConfig.from(Map.of("cirstream.model.device", "tpu")))
                .hasMessage("cirstream.model.device must be auto, cpu, gpu or gpu:N, got 'tpu'");
        assertThatThrownBy(() -> RuntimeConfig.from(Map.of("cirstream.model.text-batch-size", "many")))
                .hasMessageContaining("cirstream.model.text-batch-size must be an integer, got 'many'");
        assertThatThrownBy(() -> RuntimeConfig.defaults().withBatchSizes(-1, 0))
                .hasMessage("cirstream.model.image-batch-size must be >= 0 (0 = automatic), got -1");
    }

    @Test
    void cpuResolvesToFp32AndCpuBatchSizes() {
        TorchRuntime.Resolved resolved =
                TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu"));

        assertThat(resolved.device().isGpu()).isFalse();
        assertThat(resolved.fp16()).isFalse();
        assertThat(resolved.imageBatchSize()).isEqualTo(TorchRuntime.CPU_IMAGE_BATCH);
        assertThat(resolved.textBatchSize()).isEqualTo(TorchRuntime.CPU_TEXT_BATCH);
    }

    @Test
    void encoderWorkersDefaultToOnePerCoreOnCpuAndOneOnGpu() {
        RuntimeConfig auto = RuntimeConfig.defaults();

        assertThat(TorchRuntime.encoderWorkers(auto, false, 8)).isEqualTo(8);
        assertThat(TorchRuntime.encoderWorkers(auto, true, 8)).isEqualTo(1);
        assertThat(TorchRuntime.encoderWorkers(auto.withThreads(4, 0), false, 8))
                .isEqualTo(2);
        assertThat(TorchRuntime.encoderWorkers(
                        RuntimeConfig.from(Map.of("cirstream.model.encoder-workers", "3")), true, 8))
                .isEqualTo(3);
    }
}
