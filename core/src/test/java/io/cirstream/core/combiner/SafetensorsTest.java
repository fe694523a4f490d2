package io.cirstream.core.combiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatThePythonLibraryWrote() {
        Map<String, FloatTensor> tensors =
                SafetensorsReader.read(CombinerFixtures.path(CombinerFixtures.D32_SAFETENSORS));

        assertThat(tensors).containsOnlyKeys(StateDictLayout.expectedKeys());
        assertThat(tensors.get("combiner_layer.weight").shape()).containsExactly(256, 256);
        assertThat(tensors.get("dynamic_scalar.3.bias").shape()).containsExactly(1);
        assertThat(tensors.get("dynamic_scalar.3.bias").values()).containsExactly(0.3f);
    }

    @Test
    void widensBfloat16Exactly() {
        Map<String, FloatTensor> fp32 = SafetensorsReader.read(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS));
        Map<String, FloatTensor> bf16 =
                SafetensorsReader.read(CombinerFixtures.path(CombinerFixtures.D8_BF16_SAFETENSORS));

        fp32.forEach((key, tensor) ->
                assertThat(bf16.get(key).values()).as(key).containsExactly(roundToBfloat16(tensor.values())));
    }

    @Test
    void writerRoundTripsAndPadsTheHeader() throws IOException {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("b", FloatTensor.of(new float[] {1f, -2.5f, Float.MIN_VALUE, 3e38f, -0f, 7f}, 2, 3));
        tensors.put("a", FloatTensor.of(new float[] {42f}));
        tensors.put("empty", FloatTensor.of(new float[0], 0, 4));
        Path file = dir.resolve("round.safetensors");

        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));

        assertThat(SafetensorsReader.read(file)).containsExactlyEntriesOf(tensors);
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(CombinerFixtures.path(CombinerFixtures.D32_SAFETENSORS));
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));

        assertThatThrownBy(() -> SafetensorsReader.read(truncated))
                .isInstanceOf(CombinerWeightsException.class)
                .hasMessageContaining("malformed safetensors file")
                .hasMessageContaining("outside the")
                .hasMessageContaining("truncated?");
    }

    @Test
    void refusesAFileCutInsideItsHeader() throws IOException {
        byte[] bytes = Files.readAllBytes(CombinerFixtures.path(CombinerFixtures.D32_SAFETENSORS));
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, 40));

        assertThatThrownBy(() -> SafetensorsReader.read(cut))
                .isInstanceOf(CombinerWeightsException.class)
                .hasMessageContaining("runs past the end of the 40-byte file");
        Files.write(cut, Arrays.copyOf(bytes, 5));
        assertThatThrownBy(() -> SafetensorsReader.read(cut))
                .hasMessageContaining("fewer than the 8-byte header length");
    }

    @Test
    void refusesAnAbsurdHeaderLength() throws IOException {
        Path file = dir.resolve("huge.safetensors");
        Files.write(
                file,
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(1L << 40)
                        .array());

        assertThatThrownBy(() -> SafetensorsReader.read(file))
                .isInstanceOf(CombinerWeightsException.class)
                .hasMessageContaining("header length 1099511627776 is outside");
    }

    @Test
    void refusesUnsupportedDtypesAndInconsistentEntries() throws IOException {
        assertThatThrownBy(() -> SafetensorsReader.read(
                        file("{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8)))
                .hasMessageContaining("tensor 'x' has dtype I64; Combiner weights are read from F32, F16 or BF16");
        assertThatThrownBy(() -> SafetensorsReader.read(
                        file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)))
                .hasMessageContaining("needs 12 bytes but data_offsets [0,8] span 8");
        assertThatThrownBy(() -> SafetensorsReader.read(file(
                        "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        8)))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> SafetensorsReader.read(
                        file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0)))
                .hasMessageContaining("bad shape");
        assertThatThrownBy(() -> SafetensorsReader.read(file("{\"x\": 1, \"x\": 2}", 0)))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SafetensorsReader.read(file("[1, 2]", 0))).hasMessageContaining("not a JSON object");
    }

    @Test
    void writerMetadataNamesTheCombiner() throws IOException {
        Path file = dir.resolve("weights.safetensors");
        CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS))
                .save(file);

        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (int)
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        assertThat(header.get("__metadata__")
                        .get(CombinerWeights.ARCHITECTURE_KEY)
                        .asText())
                .isEqualTo(CombinerWeights.ARCHITECTURE);
        assertThat(header.get("__metadata__").get("cirstream.feature_dim").asText())
                .isEqualTo("8");
    }

    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json);
        Path file = Files.createTempFile(dir, "crafted", ".safetensors");
        Files.write(file, buffer.array());
        return file;
    }

    private static float[] roundToBfloat16(float[] values) {
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            int roundingBias = 0x7fff + ((bits >>> 16) & 1); // round to nearest even, as torch does
            rounded[i] = Float.intBitsToFloat((bits + roundingBias) & 0xffff0000);
        }
        return rounded;
    }
}
