package io.cirstream.core.store;

import io.cirstream.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The vector arithmetic, checks and encoding every store adapter shares: dimension and top-k checks, L2
 * normalisation, raw little-endian bytes.
 */
public final class FeatureVectors {

    private FeatureVectors() {}

    /** Refuses a vector whose dimension is not {@code expected}, naming both. */
    public static void requireDimension(String what, float[] vector, int expected) {
        requireDimension(what, vector.length, expected);
    }

    /** Refuses a dimension that is not {@code expected}, naming both. */
    public static void requireDimension(String what, int actual, int expected) {
        if (actual != expected) {
            throw new InvalidInputException(
                    what + " has dimension " + actual + " but the collection expects " + expected);
        }
    }

    /** Refuses a top-k outside 1..{@link VectorStore#MAX_K}. */
    public static void requireTopK(int k) {
        if (k < 1 || k > VectorStore.MAX_K) {
            throw new InvalidInputException("k must be 1.." + VectorStore.MAX_K + ", got " + k);
        }
    }

    /** Refuses a search without a query or a filter, or with a top-k outside 1..{@link VectorStore#MAX_K}. */
    public static void requireSearch(float[] query, int k, ProductFilter filter) {
        java.util.Objects.requireNonNull(query, "query");
        java.util.Objects.requireNonNull(filter, "filter");
        requireTopK(k);
    }

    /** Checks a scan batch size against {@link VectorStore#MAX_SCAN_BATCH}. */
    public static void requireScanBatch(int batchSize) {
        if (batchSize < 1 || batchSize > VectorStore.MAX_SCAN_BATCH) {
            throw new InvalidInputException(
                    "batchSize must be 1.." + VectorStore.MAX_SCAN_BATCH + ", got " + batchSize);
        }
    }

    /** A unit-length copy of {@code vector}. */
    public static float[] normalised(String what, float[] vector) {
        double sum = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new InvalidInputException(what + " has a non-finite value");
            }
            sum += (double) v * v;
        }
        if (sum == 0) {
            throw new InvalidInputException(what + " is the zero vector: it has no direction to compare by cosine");
        }
        double inverse = 1.0 / Math.sqrt(sum);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] * inverse);
        }
        return unit;
    }

    /** The little-endian IEEE-754 bytes of {@code vector}. */
    public static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    /** The vector that {@link #toBytes} encoded. */
    public static float[] fromBytes(byte[] bytes, int offset, int length) {
        float[] vector = new float[length / Float.BYTES];
        ByteBuffer.wrap(bytes, offset, length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(vector);
        return vector;
    }
}
