package io.cirstream.core.combiner;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The floating-point element types a weights file may store, each widened exactly to float32 on reading. Names are
 * those of safetensors' {@code dtype} field and of PyTorch's typed storages.
 */
enum StoredFloatType {
    F32("F32", "FloatStorage", Float.BYTES),
    F16("F16", "HalfStorage", Short.BYTES),
    BF16("BF16", "BFloat16Storage", Short.BYTES);

    private final String safetensorsName;
    private final String torchStorageName;
    private final int bytes;

    StoredFloatType(String safetensorsName, String torchStorageName, int bytes) {
        this.safetensorsName = safetensorsName;
        this.torchStorageName = torchStorageName;
        this.bytes = bytes;
    }

    /** The type of a safetensors {@code dtype} name, if it is one of these. */
    static Optional<StoredFloatType> ofSafetensors(String dtype) {
        return Arrays.stream(values())
                .filter(type -> type.safetensorsName.equals(dtype))
                .findFirst();
    }

    /** The type of a PyTorch storage class name such as {@code HalfStorage}, if it is one of these. */
    static Optional<StoredFloatType> ofTorchStorage(String storageName) {
        return Arrays.stream(values())
                .filter(type -> type.torchStorageName.equals(storageName))
                .findFirst();
    }

    /** Bytes per element. */
    int bytes() {
        return bytes;
    }

    /** Reads element {@code index} (not byte offset) of a buffer whose byte order is already set. */
    float get(ByteBuffer buffer, int index) {
        return switch (this) {
            case F32 -> buffer.getFloat(index * Float.BYTES);
            case F16 -> Float.float16ToFloat(buffer.getShort(index * Short.BYTES));
            case BF16 -> Float.intBitsToFloat((buffer.getShort(index * Short.BYTES) & 0xffff) << 16);
        };
    }

    /** Reads {@code count} consecutive elements from the start of a buffer whose byte order is already set. */
    float[] getAll(ByteBuffer buffer, int count) {
        float[] values = new float[count];
        if (this == F32) {
            buffer.asFloatBuffer().get(0, values);
        } else {
            for (int i = 0; i < count; i++) {
                values[i] = get(buffer, i);
            }
        }
        return values;
    }

    /** "F16 (HalfStorage)". */
    String describe() {
        return safetensorsName + " (" + torchStorageName + ")";
    }
}
