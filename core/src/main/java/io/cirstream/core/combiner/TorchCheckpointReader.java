package io.cirstream.core.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the tensors of a PyTorch checkpoint in {@code torch.save}'s zip format (PyTorch 1.6 and later):
 * {@code <archive>/data.pkl} (a pickle, read by the {@link RestrictedUnpickler}), {@code <archive>/data/<key>} (one
 * raw storage per key) and {@code <archive>/byteorder}. Accepts CLIP4Cir's {@code {'epoch': n, 'Combiner':
 * state_dict}}, a {@code {'state_dict': ...}} wrapper, or a bare state dict. Tensors may be strided views (transposed,
 * sliced, sharing a storage at an offset); each comes out as a contiguous float32 {@link FloatTensor}.
 */
final class TorchCheckpointReader {

    /** The key CLIP4Cir's {@code save_model} stores the Combiner's state dict under (the class name). */
    static final String COMBINER_KEY = "Combiner";

    /** The generic wrapper key some training scripts use. */
    static final String STATE_DICT_KEY = "state_dict";

    /** A state dict's pickle is a few kilobytes; anything near this bound is not a Combiner checkpoint. */
    static final int MAX_PICKLE_BYTES = 64 * 1024 * 1024;

    private static final String PICKLE_ENTRY = "data.pkl";

    private TorchCheckpointReader() {}

    /** The checkpoint's state dict, in the order it was saved. */
    static Map<String, FloatTensor> readStateDict(Path path) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            String archive = archivePrefix(zip, path);
            ByteOrder order = byteOrder(zip, archive, path);
            ZipEntry pickleEntry = zip.getEntry(archive + PICKLE_ENTRY);
            Object root = RestrictedUnpickler.load(read(zip, pickleEntry, MAX_PICKLE_BYTES, path));
            Map<String, TensorRef> references = stateDict(root, path);
            Map<String, ByteBuffer> storages = new HashMap<>();
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, TensorRef> entry : references.entrySet()) {
                TensorRef reference = entry.getValue();
                StoredFloatType type = storageType(entry.getKey(), reference.storage(), path);
                ByteBuffer storage = storages.computeIfAbsent(
                        reference.storage().key(),
                        key -> storageBytes(zip, archive, reference.storage(), type, order, path));
                tensors.put(entry.getKey(), StridedTensors.copy(entry.getKey(), reference, type, storage, path));
            }
            return tensors;
        } catch (IOException e) {
            throw new CombinerWeightsException("cannot read PyTorch checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    private static String archivePrefix(ZipFile zip, Path path) {
        List<String> pickles = zip.stream()
                .map(ZipEntry::getName)
                .filter(name -> name.endsWith("/" + PICKLE_ENTRY) && name.indexOf('/') == name.lastIndexOf('/'))
                .toList();
        if (pickles.size() != 1) {
            throw new CombinerWeightsException(
                    "%s is a zip file but not a torch.save checkpoint: expected one <archive>/data.pkl entry, found %d"
                            .formatted(path, pickles.size()));
        }
        String name = pickles.get(0);
        return name.substring(0, name.length() - PICKLE_ENTRY.length());
    }

    private static ByteOrder byteOrder(ZipFile zip, String archive, Path path) throws IOException {
        ZipEntry entry = zip.getEntry(archive + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN; // written by every PyTorch since 1.x; older files were little-endian
        }
        String order = new String(read(zip, entry, 16, path), StandardCharsets.US_ASCII).strip();
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default ->
                throw new CombinerWeightsException(
                        "checkpoint %s declares an unknown byte order '%s'".formatted(path, order));
        };
    }

    private static Map<String, TensorRef> stateDict(Object root, Path path) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new CombinerWeightsException("checkpoint %s holds a %s, not a dict of tensors"
                    .formatted(path, root == null ? "None" : root.getClass().getSimpleName()));
        }
        Map<?, ?> candidate = top.get(COMBINER_KEY) instanceof Map<?, ?> combiner
                ? combiner
                : top.get(STATE_DICT_KEY) instanceof Map<?, ?> wrapped ? wrapped : top;
        Map<String, TensorRef> references = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : candidate.entrySet()) {
            if (entry.getKey() instanceof String key && entry.getValue() instanceof TensorRef reference) {
                references.put(key, reference);
            } else {
                throw new CombinerWeightsException(
                        "checkpoint %s has no '%s' state dict of tensors: its top-level keys are %s"
                                .formatted(path, COMBINER_KEY, describeKeys(top)));
            }
        }
        return Collections.unmodifiableMap(references);
    }

    private static StoredFloatType storageType(String name, StorageRef storage, Path path) {
        return StoredFloatType.ofTorchStorage(storage.storageType())
                .orElseThrow(() -> new CombinerWeightsException(
                        "checkpoint %s: tensor '%s' is stored as torch.%s; Combiner weights are read from FloatStorage,"
                                        .formatted(path, name, storage.storageType())
                                + " HalfStorage or BFloat16Storage"));
    }

    private static ByteBuffer storageBytes(
            ZipFile zip, String archive, StorageRef storage, StoredFloatType type, ByteOrder order, Path path) {
        long bytes = storage.elementCount() * type.bytes();
        if (storage.elementCount() > (Integer.MAX_VALUE - 8) / type.bytes()) {
            throw new CombinerWeightsException("checkpoint %s: storage %s of %d elements is too large"
                    .formatted(path, storage.key(), storage.elementCount()));
        }
        ZipEntry entry = zip.getEntry(archive + "data/" + storage.key());
        if (entry == null) {
            throw new CombinerWeightsException(
                    "checkpoint %s lacks the storage entry %sdata/%s".formatted(path, archive, storage.key()));
        }
        try {
            byte[] data = read(zip, entry, (int) bytes, path);
            if (data.length != bytes) {
                throw new CombinerWeightsException("checkpoint %s: storage %s holds %d bytes, %d %s elements need %d"
                        .formatted(path, storage.key(), data.length, storage.elementCount(), type.describe(), bytes));
            }
            return ByteBuffer.wrap(data).order(order);
        } catch (IOException e) {
            throw new CombinerWeightsException(
                    "cannot read storage %s of checkpoint %s: %s".formatted(storage.key(), path, e.getMessage()), e);
        }
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, int limit, Path path) throws IOException {
        if (entry.getSize() > limit) {
            throw new CombinerWeightsException("checkpoint %s: entry %s has %d bytes, more than the %d expected"
                    .formatted(path, entry.getName(), entry.getSize(), limit));
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes(limit);
        }
    }

    private static String describeKeys(Map<?, ?> map) {
        return map.keySet().stream()
                .limit(20)
                .map(key -> key instanceof String s ? "'" + s + "'" : String.valueOf(key instanceof Long ? key : "?"))
                .collect(Collectors.joining(", ", "[", map.size() > 20 ? ", ...]" : "]"));
    }
}
