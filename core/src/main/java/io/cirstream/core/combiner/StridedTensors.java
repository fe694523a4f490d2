package io.cirstream.core.combiner;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Copies a strided view of a PyTorch storage (shape, strides and offset as {@code _rebuild_tensor_v2} gets them)
 * into a contiguous float32 tensor, after checking that every element it reads lies inside the storage.
 */
final class StridedTensors {

    private StridedTensors() {}

    /** The view {@code reference} describes, read from {@code storage} (byte order set) of element type {@code type}. */
    static FloatTensor copy(String name, TensorRef reference, StoredFloatType type, ByteBuffer storage, Path path) {
        long[] size = reference.size();
        long[] stride = reference.stride().clone();
        long offset = reference.storageOffset();
        long storageElements = (long) storage.capacity() / type.bytes();
        if (stride.length != size.length) {
            throw invalid(path, name, reference, "has %d sizes but %d strides".formatted(size.length, stride.length));
        }
        int[] shape = new int[size.length];
        long count = 1;
        long last = offset;
        for (int axis = 0; axis < size.length; axis++) {
            if (size[axis] < 0 || size[axis] > Integer.MAX_VALUE || stride[axis] < 0) {
                throw invalid(path, name, reference, "has a negative or huge size or stride");
            }
            shape[axis] = (int) size[axis];
            count *= size[axis];
            if (count > Integer.MAX_VALUE - 8) {
                throw invalid(path, name, reference, "is too large for one array");
            }
            if (size[axis] == 1) {
                stride[axis] = 0; // never stepped along; PyTorch allows any stride here
            }
            last = farthest(last, size[axis], stride[axis]);
        }
        if (count == 0) {
            return new FloatTensor(shape, new float[0]);
        }
        if (offset < 0 || last >= storageElements) {
            throw invalid(
                    path,
                    name,
                    reference,
                    "reads element %d of a storage of %d elements".formatted(Math.max(last, offset), storageElements));
        }
        if (isContiguous(size, stride)) {
            ByteBuffer slice = storage.slice((int) offset * type.bytes(), (int) count * type.bytes())
                    .order(storage.order());
            return new FloatTensor(shape, type.getAll(slice, (int) count));
        }
        return new FloatTensor(shape, gather(type, storage, shape, stride, offset, (int) count));
    }

    private static long farthest(long last, long size, long stride) {
        try {
            return Math.addExact(last, Math.multiplyExact(Math.max(size - 1, 0), stride));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // far outside any storage: reported as such
        }
    }

    private static float[] gather(
            StoredFloatType type, ByteBuffer storage, int[] shape, long[] stride, long offset, int count) {
        float[] values = new float[count];
        int[] index = new int[shape.length];
        long position = offset;
        for (int i = 0; i < count; i++) {
            values[i] = type.get(storage, (int) position);
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                position += stride[axis];
                if (++index[axis] < shape[axis]) {
                    break;
                }
                position -= stride[axis] * shape[axis];
                index[axis] = 0;
            }
        }
        return values;
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int axis = size.length - 1; axis >= 0; axis--) {
            if (size[axis] != 1 && stride[axis] != expected) {
                return false;
            }
            expected *= size[axis];
        }
        return true;
    }

    private static CombinerWeightsException invalid(Path path, String name, TensorRef reference, String problem) {
        return new CombinerWeightsException("checkpoint %s: tensor '%s' (size %s, stride %s, offset %d) %s"
                .formatted(
                        path,
                        name,
                        Arrays.toString(reference.size()),
                        Arrays.toString(reference.stride()),
                        reference.storageOffset(),
                        problem));
    }
}
