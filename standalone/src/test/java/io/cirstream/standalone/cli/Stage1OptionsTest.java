package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.trainer.stage1.Precision;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --precision} of {@code cirstream train --stage 1}: fp32 by default, mixed on request, nothing else. */
class Stage1OptionsTest {

    @Test
    void precisionIsFp32ByDefaultAndMixedOnRequest() {
        assertThat(parse().config(new TrainingOptions()).precision()).isEqualTo(Precision.FP32);
        assertThat(parse("--precision", "mixed").config(new TrainingOptions()).precision())
                .isEqualTo(Precision.MIXED);
        assertThatThrownBy(() -> parse("--precision", "fp16").config(new TrainingOptions()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fp32 or mixed");
    }

    private static Stage1Options parse(String... args) {
        Stage1Options options = new Stage1Options();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
