package io.cirstream.core.combiner;

import static io.cirstream.core.combiner.RestrictedUnpickler.expect;
import static io.cirstream.core.combiner.RestrictedUnpickler.malformed;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} would build it: a strided view of a storage. Nothing is read
 * yet; {@link StridedTensors} copies the view out once the storage's bytes are at hand.
 *
 * @param storage the storage the view reads
 * @param storageOffset the first element, in elements
 * @param size the view's shape
 * @param stride the view's stride per axis, in elements
 */
record TensorRef(StorageRef storage, long storageOffset, long[] size, long[] stride) {

    /**
     * The view described by {@code _rebuild_tensor_v2}'s arguments: (storage, storage_offset, size, stride,
     * requires_grad, backward_hooks[, metadata]). Backward hooks and tensor metadata (what a plain state dict never
     * has) are refused.
     */
    static TensorRef of(List<?> args, int at) {
        if (args.size() != 6 && args.size() != 7) {
            throw malformed("_rebuild_tensor_v2 takes 6 or 7 arguments, got " + args.size(), at);
        }
        StorageRef storage = expect(args.get(0), StorageRef.class, "tensor storage", at);
        long offset = expect(args.get(1), Long.class, "tensor storage offset", at);
        long[] size = longs(expect(args.get(2), List.class, "tensor size", at), at);
        long[] stride = longs(expect(args.get(3), List.class, "tensor stride", at), at);
        Map<?, ?> hooks = expect(args.get(5), Map.class, "tensor backward hooks", at);
        if (!hooks.isEmpty()) {
            throw malformed("tensor backward hooks are not supported", at);
        }
        if (args.size() == 7 && args.get(6) instanceof Map<?, ?> metadata && !metadata.isEmpty()) {
            throw malformed("tensor metadata (%d entries) is not supported".formatted(metadata.size()), at);
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private static long[] longs(List<?> values, int at) {
        long[] result = new long[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = expect(values.get(i), Long.class, "tensor size or stride", at);
        }
        return result;
    }

    @Override
    public String toString() {
        return "TensorRef[%s, offset %d, size %s, stride %s]"
                .formatted(storage, storageOffset, Arrays.toString(size), Arrays.toString(stride));
    }
}
