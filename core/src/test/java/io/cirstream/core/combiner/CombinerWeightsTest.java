package io.cirstream.core.combiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CombinerWeightsTest {

    @TempDir
    Path dir;

    @Test
    void infersTheDimsFromTheShapes() {
        CombinerWeights d32 = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D32_PT));
        CombinerWeights d8 = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS));

        assertThat(d32.dims()).isEqualTo(new CombinerDims(32, 128, 256));
        assertThat(d32.parameterCount()).isEqualTo(148_513L);
        assertThat(d8.dims()).isEqualTo(CombinerDims.ofFeatureDim(8));
        assertThat(d8.stateDict().keySet()).containsExactlyElementsOf(StateDictLayout.expectedKeys());
    }

    @Test
    void loadsTheSameWeightsFromBothFormats() {
        CombinerWeights torch = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D32_PT));
        CombinerWeights safetensors = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D32_SAFETENSORS));

        assertThat(torch.stateDict()).containsExactlyEntriesOf(safetensors.stateDict());
    }

    @Test
    void savesWhatItLoads() {
        CombinerWeights original = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D32_PT));
        Path file = dir.resolve("combiner.safetensors");

        original.save(file);

        assertThat(CombinerWeights.load(file).stateDict()).containsExactlyEntriesOf(original.stateDict());
    }

    @Test
    void namesMissingAndUnexpectedKeys() {
        Map<String, FloatTensor> stateDict = d8StateDict();
        stateDict.remove("dynamic_scalar.3.bias");
        stateDict.put("dynamic_scalar.4.bias", FloatTensor.of(new float[] {0f}, 1));
        stateDict.put("logit_scale", FloatTensor.of(new float[] {100f}));

        assertThatThrownBy(() -> CombinerWeights.fromStateDict(stateDict))
                .isInstanceOf(CombinerWeightsException.class)
                .hasMessageContaining("do not have CLIP4Cir's layout")
                .hasMessageContaining("missing [dynamic_scalar.3.bias]")
                .hasMessageContaining("unexpected [dynamic_scalar.4.bias, logit_scale]")
                .hasMessageContaining("Expected the keys [text_projection_layer.weight, text_projection_layer.bias,");
    }

    @Test
    void namesEveryMisShapedTensor() {
        Map<String, FloatTensor> stateDict = d8StateDict();
        stateDict.put("combiner_layer.bias", FloatTensor.of(new float[63], 63));
        stateDict.put("output_layer.weight", FloatTensor.of(new float[64 * 8], 64, 8));

        assertThatThrownBy(() -> CombinerWeights.fromStateDict(stateDict))
                .isInstanceOf(CombinerWeightsException.class)
                .hasMessageContaining("mis-shaped for D=8, P=32, H=64")
                .hasMessageContaining("combiner_layer.bias is [63], expected [64]")
                .hasMessageContaining("output_layer.weight is [64, 8], expected [8, 64]");
    }

    @Test
    void refusesWeightsForAnotherBackbone() {
        CombinerWeights d32 = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D32_SAFETENSORS));

        assertThatThrownBy(() -> d32.requireDims(CombinerDims.ofFeatureDim(640)))
                .isInstanceOf(CombinerWeightsException.class)
                .hasMessage("the Combiner weights are for D=32, P=128, H=256 but D=640, P=2560, H=5120 was expected: "
                        + "were they trained for another CLIP backbone?");
        assertThat(d32.requireDims(CombinerDims.ofFeatureDim(32))).isSameAs(d32);
    }

    private static Map<String, FloatTensor> d8StateDict() {
        return new LinkedHashMap<>(SafetensorsReader.read(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS)));
    }
}
