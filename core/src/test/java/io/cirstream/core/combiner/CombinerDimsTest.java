package io.cirstream.core.combiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CombinerDimsTest {

    @Test
    void publishedShapeIsFourAndEightTimesTheFeatureDim() {
        assertThat(CombinerDims.ofFeatureDim(640)).isEqualTo(new CombinerDims(640, 2560, 5120));
        assertThat(CombinerDims.ofFeatureDim(1024)).isEqualTo(new CombinerDims(1024, 4096, 8192));
    }

    @Test
    void rn50x4CombinerHasThePublishedParameterCount() {
        assertThat(CombinerDims.ofFeatureDim(640).parameterCount()).isEqualTo(59_003_521L);
    }

    @Test
    void layerShapesFollowTheDims() {
        CombinerDims dims = CombinerDims.ofFeatureDim(32);
        assertThat(CombinerLayer.TEXT_PROJECTION.weightShape(dims)).containsExactly(128, 32);
        assertThat(CombinerLayer.COMBINER.weightShape(dims)).containsExactly(256, 256);
        assertThat(CombinerLayer.OUTPUT.weightShape(dims)).containsExactly(32, 256);
        assertThat(CombinerLayer.DYNAMIC_SCALAR_HIDDEN.weightKey()).isEqualTo("dynamic_scalar.0.weight");
        assertThat(CombinerLayer.DYNAMIC_SCALAR_OUTPUT.biasShape(dims)).containsExactly(1);
    }

    @Test
    void refusesNonPositiveAndHugeDims() {
        assertThatThrownBy(() -> CombinerDims.ofFeatureDim(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("featureDim must be in [1, ")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> new CombinerDims(640, -1, 5120)).hasMessageContaining("projectionDim");
        assertThatThrownBy(() -> new CombinerDims(640, 100_000, 100_000))
                .hasMessageContaining("more than one Java array");
    }

    @Test
    void printsAsDpH() {
        assertThat(CombinerDims.ofFeatureDim(8)).hasToString("D=8, P=32, H=64");
    }
}
