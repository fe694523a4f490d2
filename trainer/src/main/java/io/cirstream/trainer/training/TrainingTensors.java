package io.cirstream.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.cirstream.core.InvalidInputException;
import java.util.List;

/**
 * The training set's raw features, uploaded once to the training device: references [N, D], targets [N, D] and every
 * caption variant [M, D]. A batch is gathered on the device by row indices, so no features cross JNI per batch.
 */
final class TrainingTensors implements AutoCloseable {

    private static final String INDEX_PATTERN = "{}";

    private final NDArray references;
    private final NDArray captions;
    private final NDArray targets;
    private final int[] firstCaptionRow;
    private final int[] variantCounts;

    private TrainingTensors(
            NDArray references, NDArray captions, NDArray targets, int[] firstCaptionRow, int[] variantCounts) {
        this.references = references;
        this.captions = captions;
        this.targets = targets;
        this.firstCaptionRow = firstCaptionRow;
        this.variantCounts = variantCounts;
    }

    /**
     * Checks every example against {@code featureDim} (dimensions, finite values) and uploads the features into
     * {@code manager}.
     *
     * @throws InvalidInputException naming the first bad example
     */
    static TrainingTensors upload(NDManager manager, List<TrainingExample> examples, int featureDim) {
        int count = examples.size();
        int[] firstCaptionRow = new int[count];
        int[] variantCounts = new int[count];
        long captionRows = 0;
        for (int i = 0; i < count; i++) {
            TrainingExample example = examples.get(i);
            check(example, featureDim);
            firstCaptionRow[i] = Math.toIntExact(captionRows);
            variantCounts[i] = example.variantCount();
            captionRows += example.variantCount();
        }
        long largest = Math.max(count, captionRows) * featureDim;
        if (largest > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("%d training examples with %d caption variants of dimension %d do not fit"
                            .formatted(count, captionRows, featureDim)
                    + " one feature matrix; train on fewer examples at a time");
        }
        float[] referenceRows = new float[count * featureDim];
        float[] targetRows = new float[count * featureDim];
        float[] captionValues = new float[Math.toIntExact(captionRows * featureDim)];
        for (int i = 0; i < count; i++) {
            TrainingExample example = examples.get(i);
            System.arraycopy(example.reference(), 0, referenceRows, i * featureDim, featureDim);
            System.arraycopy(example.target(), 0, targetRows, i * featureDim, featureDim);
            for (int variant = 0; variant < variantCounts[i]; variant++) {
                System.arraycopy(
                        example.captions()[variant],
                        0,
                        captionValues,
                        (firstCaptionRow[i] + variant) * featureDim,
                        featureDim);
            }
        }
        NDArray references = manager.create(referenceRows, new Shape(count, featureDim));
        NDArray targets = manager.create(targetRows, new Shape(count, featureDim));
        NDArray captions = manager.create(captionValues, new Shape(captionRows, featureDim));
        return new TrainingTensors(references, captions, targets, firstCaptionRow, variantCounts);
    }

    /** The number of examples. */
    int size() {
        return variantCounts.length;
    }

    /** How many caption variants each example has (do not modify). */
    int[] variantCounts() {
        return variantCounts;
    }

    /**
     * The batch of the given examples, each with its chosen caption variant: (text, reference image, target image),
     * [B, D] each, in {@code scope}.
     */
    NDList batch(NDManager scope, int[] examples, int[] variants) {
        long[] rows = new long[examples.length];
        long[] captionRows = new long[examples.length];
        for (int i = 0; i < examples.length; i++) {
            rows[i] = examples[i];
            captionRows[i] = (long) firstCaptionRow[examples[i]] + variants[i];
        }
        NDArray rowIndex = scope.create(rows);
        NDArray captionIndex = scope.create(captionRows);
        return new NDList(
                captions.get(scope, new NDIndex(INDEX_PATTERN, captionIndex)),
                references.get(scope, new NDIndex(INDEX_PATTERN, rowIndex)),
                targets.get(scope, new NDIndex(INDEX_PATTERN, rowIndex)));
    }

    @Override
    public void close() {
        references.close();
        captions.close();
        targets.close();
    }

    private static void check(TrainingExample example, int featureDim) {
        checkFeature(example.id(), "reference", example.reference(), featureDim);
        checkFeature(example.id(), "target", example.target(), featureDim);
        for (int variant = 0; variant < example.variantCount(); variant++) {
            checkFeature(example.id(), "caption variant " + variant, example.captions()[variant], featureDim);
        }
    }

    private static void checkFeature(String id, String kind, float[] feature, int featureDim) {
        if (feature.length != featureDim) {
            throw new InvalidInputException("training example %s: %s feature has dimension %d, the Combiner expects %d"
                    .formatted(id, kind, feature.length, featureDim));
        }
        for (int i = 0; i < feature.length; i++) {
            if (!Float.isFinite(feature[i])) {
                throw new InvalidInputException(
                        "training example %s: %s feature holds %s at index %d".formatted(id, kind, feature[i], i));
            }
        }
    }
}
