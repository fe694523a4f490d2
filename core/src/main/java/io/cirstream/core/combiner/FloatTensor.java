package io.cirstream.core.combiner;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major (C-contiguous) float32 tensor: a shape and its values.
 *
 * <p>The shape is copied; the values are not (a Combiner layer can hold 26 million of them): the tensor takes
 * ownership of the array it is given, and {@link #values()} hands out that same array, to be treated as read-only.
 *
 * @param shape the size of each axis, outermost first; empty for a scalar
 * @param values the elements in row-major order; as many as the shape's product
 */
public record FloatTensor(int[] shape, float[] values) {

    public FloatTensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        shape = shape.clone();
        long count = 1;
        for (int size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            count *= size;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(
                    "shape %s holds %d values, %d were given".formatted(Arrays.toString(shape), count, values.length));
        }
    }

    /** A tensor of the given values and shape. */
    public static FloatTensor of(float[] values, int... shape) {
        return new FloatTensor(shape, values);
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Whether this tensor has exactly the given shape. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The size of one axis. */
    public int size(int axis) {
        return shape[axis];
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int elementCount() {
        return values.length;
    }

    /** The shape as PyTorch prints it, e.g. "[128, 32]". */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FloatTensor that
                && Arrays.equals(shape, that.shape)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatTensor" + shapeString();
    }
}
