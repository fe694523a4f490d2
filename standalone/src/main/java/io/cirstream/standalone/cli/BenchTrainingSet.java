package io.cirstream.standalone.cli;

import io.cirstream.trainer.training.TrainingExample;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic raw features for the training benchmark (throughput does not depend on their values): text, reference and
 * target features of norm ~10 like CLIP's, seeded, and the same numbers as a file the PyTorch reference reads
 * (little-endian float32: all text features [N, D], then references [N, D], then targets [N, D]).
 */
final class BenchTrainingSet {

    private static final double RAW_NORM = 10;

    private final float[][][] features; // [text, reference, target][N][D]

    private BenchTrainingSet(float[][][] features) {
        this.features = features;
    }

    static BenchTrainingSet generate(int triplets, int dims, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][][] features = new float[3][triplets][];
        for (float[][] kind : features) {
            for (int i = 0; i < triplets; i++) {
                kind[i] = feature(random, dims);
            }
        }
        return new BenchTrainingSet(features);
    }

    /** The triplets as training examples, one caption form each. */
    List<TrainingExample> examples() {
        List<TrainingExample> examples = new ArrayList<>(features[0].length);
        for (int i = 0; i < features[0].length; i++) {
            examples.add(TrainingExample.of("bench-" + i, features[1][i], features[0][i], features[2][i]));
        }
        return examples;
    }

    /** The target features: the benchmark's (unused) held-out catalogue. */
    float[][] targets() {
        return features[2];
    }

    /** Writes the features for tools/bench_train_reference.py --features. */
    void write(Path file) {
        int dims = features[0][0].length;
        ByteBuffer row = ByteBuffer.allocate(dims * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (float[][] kind : features) {
                for (float[] feature : kind) {
                    row.clear();
                    row.asFloatBuffer().put(feature);
                    out.write(row.array());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static float[] feature(SplittableRandom random, int dims) {
        float[] feature = new float[dims];
        double norm = 0;
        for (int d = 0; d < dims; d++) {
            feature[d] = (float) random.nextGaussian();
            norm += feature[d] * feature[d];
        }
        float scale = (float) (RAW_NORM / Math.sqrt(norm));
        for (int d = 0; d < dims; d++) {
            feature[d] *= scale;
        }
        return feature;
    }
}
