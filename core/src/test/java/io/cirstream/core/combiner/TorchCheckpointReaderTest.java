package io.cirstream.core.combiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsClip4CirsCheckpointLayoutExactly() {
        Map<String, FloatTensor> fromTorch =
                TorchCheckpointReader.readStateDict(CombinerFixtures.path(CombinerFixtures.D32_PT));
        Map<String, FloatTensor> fromSafetensors =
                SafetensorsReader.read(CombinerFixtures.path(CombinerFixtures.D32_SAFETENSORS));

        assertThat(fromTorch.keySet()).containsExactlyElementsOf(StateDictLayout.expectedKeys());
        assertThat(fromTorch).containsExactlyInAnyOrderEntriesOf(fromSafetensors);
    }

    @Test
    void readsTransposedSlicedAndSharedStorageViews() {
        Map<String, FloatTensor> strided =
                TorchCheckpointReader.readStateDict(CombinerFixtures.path(CombinerFixtures.D8_STRIDED_PT));
        Map<String, FloatTensor> contiguous =
                SafetensorsReader.read(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS));

        assertThat(strided).containsExactlyInAnyOrderEntriesOf(contiguous);
    }

    @Test
    void readsABareDataParallelStateDict() {
        Map<String, FloatTensor> raw =
                TorchCheckpointReader.readStateDict(CombinerFixtures.path(CombinerFixtures.D8_MODULE_PREFIX_PT));
        CombinerWeights weights = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D8_MODULE_PREFIX_PT));

        assertThat(raw.keySet()).allMatch(key -> key.startsWith("module."));
        assertThat(weights.stateDict())
                .containsExactlyInAnyOrderEntriesOf(
                        SafetensorsReader.read(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS)));
    }

    @Test
    void widensHalfPrecisionExactly() {
        Map<String, FloatTensor> half =
                TorchCheckpointReader.readStateDict(CombinerFixtures.path(CombinerFixtures.D8_FP16_PT));
        Map<String, FloatTensor> fp32 = SafetensorsReader.read(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS));

        fp32.forEach((key, tensor) -> {
            float[] expected = new float[tensor.elementCount()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = Float.float16ToFloat(Float.floatToFloat16(tensor.values()[i]));
            }
            assertThat(half.get(key).values()).as(key).containsExactly(expected);
        });
    }

    @Test
    void refusesAPickleThatCallsOsSystem() {
        assertThatThrownBy(() -> CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.MALICIOUS_PT)))
                .isInstanceOf(UnsafeCheckpointException.class)
                .hasMessageStartingWith("refusing to unpickle global os.system");
    }

    @Test
    void refusesTheLegacyFormatAndZipsThatAreNotCheckpoints() throws IOException {
        Path legacy = dir.resolve("legacy.pt");
        Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46});
        Path plainZip = zip("plain.zip", Map.of("readme.txt", new byte[] {1}));

        assertThatThrownBy(() -> CombinerWeights.load(legacy))
                .hasMessageContaining("legacy (pre-1.6) torch.save format");
        assertThatThrownBy(() -> CombinerWeights.load(plainZip))
                .hasMessageContaining("not a torch.save checkpoint: expected one <archive>/data.pkl entry, found 0");
    }

    @Test
    void refusesMissingOrShortStorages() throws IOException {
        Map<String, byte[]> entries = entries(CombinerFixtures.path(CombinerFixtures.D8_STRIDED_PT));
        Map<String, byte[]> missing = new LinkedHashMap<>(entries);
        missing.remove("clip4cir_d8_strided/data/3");
        Map<String, byte[]> shortened = new LinkedHashMap<>(entries);
        shortened.put("clip4cir_d8_strided/data/3", new byte[12]);

        assertThatThrownBy(() -> TorchCheckpointReader.readStateDict(zip("missing.pt", missing)))
                .hasMessageContaining("lacks the storage entry clip4cir_d8_strided/data/3");
        assertThatThrownBy(() -> TorchCheckpointReader.readStateDict(zip("short.pt", shortened)))
                .hasMessageContaining("storage 3 holds 12 bytes, 32 F32 (FloatStorage) elements need 128");
    }

    @Test
    void refusesViewsOutsideTheirStorageAndNonFloatStorages() throws IOException {
        Path outside = zip(
                "outside.pt",
                Map.of(
                        "outside/data.pkl",
                        tensorPickle("FloatStorage", 4, 2, new int[] {2, 2}, new int[] {2, 1}),
                        "outside/data/0",
                        new byte[16]));
        Path longs = zip(
                "longs.pt",
                Map.of(
                        "longs/data.pkl",
                        tensorPickle("LongStorage", 4, 0, new int[] {4}, new int[] {1}),
                        "longs/data/0",
                        new byte[32]));

        assertThatThrownBy(() -> TorchCheckpointReader.readStateDict(outside))
                .hasMessageContaining(
                        "tensor 'w' (size [2, 2], stride [2, 1], offset 2) reads element 5 of a storage of 4");
        assertThatThrownBy(() -> TorchCheckpointReader.readStateDict(longs))
                .hasMessageContaining("tensor 'w' is stored as torch.LongStorage");
    }

    private static byte[] tensorPickle(String storageType, int storageSize, int offset, int[] size, int[] stride) {
        PickleBytes pickle = PickleBytes.protocol(2)
                .op(Opcodes.EMPTY_DICT)
                .string("w")
                .global("torch._utils", "_rebuild_tensor_v2")
                .op(Opcodes.MARK)
                .op(Opcodes.MARK)
                .string("storage")
                .global("torch", storageType)
                .string("0")
                .string("cpu")
                .int1(storageSize)
                .op(Opcodes.TUPLE)
                .op(Opcodes.BINPERSID)
                .int1(offset);
        pickle.op(Opcodes.MARK);
        for (int s : size) {
            pickle.int1(s);
        }
        pickle.op(Opcodes.TUPLE).op(Opcodes.MARK);
        for (int s : stride) {
            pickle.int1(s);
        }
        return pickle.op(Opcodes.TUPLE)
                .op(Opcodes.NEWFALSE)
                .global("collections", "OrderedDict")
                .op(Opcodes.EMPTY_TUPLE)
                .op(Opcodes.REDUCE)
                .op(Opcodes.TUPLE)
                .op(Opcodes.REDUCE)
                .op(Opcodes.SETITEM)
                .stop();
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                entries.put(entry.getName(), file.getInputStream(entry).readAllBytes());
            }
        }
        return entries;
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path path = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(path);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return path;
    }
}
