package io.cirstream.trainer.training;

import io.cirstream.core.eval.FeatureIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small learnable composed-retrieval task for the loop's tests: each target's raw feature is half its reference's
 * plus a fixed random linear map of its caption's (plus noise). Summing reference and caption (what a fresh Combiner
 * does, λ ≈ ½) retrieves few targets; learning the map retrieves most. The catalogue holds distractor products and
 * every target.
 */
record SyntheticTriplets(List<TrainingExample> train, HeldOutSet heldOut) {

    private static final double NORM = 10;
    private static final double REFERENCE_SHARE = 0.5;
    private static final double NOISE = 0.5;

    static SyntheticTriplets create(int featureDim, int trainCount, int heldOutCount, int distractors, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] map = new float[featureDim][featureDim];
        for (float[] row : map) {
            for (int d = 0; d < featureDim; d++) {
                row[d] = (float) (random.nextGaussian() / Math.sqrt(featureDim));
            }
        }
        List<String> ids = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        for (int i = 0; i < distractors; i++) {
            ids.add("product-" + i);
            features.add(feature(random, featureDim));
        }
        List<TrainingExample> train = new ArrayList<>();
        List<float[][]> heldOutRows = new ArrayList<>();
        List<int[]> heldOutIndices = new ArrayList<>();
        for (int t = 0; t < trainCount + heldOutCount; t++) {
            int referenceIndex = random.nextInt(distractors);
            float[] reference = features.get(referenceIndex);
            float[] caption = feature(random, featureDim);
            float[] target = new float[featureDim];
            for (int d = 0; d < featureDim; d++) {
                double mapped = 0;
                for (int e = 0; e < featureDim; e++) {
                    mapped += map[d][e] * caption[e];
                }
                target[d] = (float) (REFERENCE_SHARE * reference[d] + mapped + random.nextGaussian() * NOISE);
            }
            ids.add("target-" + t);
            features.add(target);
            if (t < trainCount) {
                float[] paraphrase = caption.clone();
                paraphrase[0] += 0.1f;
                train.add(new TrainingExample("triplet-" + t, reference, new float[][] {caption, paraphrase}, target));
            } else {
                heldOutRows.add(new float[][] {reference, caption});
                heldOutIndices.add(new int[] {features.size() - 1, referenceIndex});
            }
        }
        FeatureIndex catalogue = FeatureIndex.of(ids, features.toArray(float[][]::new));
        List<HeldOutQuery> queries = new ArrayList<>();
        for (int q = 0; q < heldOutRows.size(); q++) {
            queries.add(new HeldOutQuery(
                    "held-out-" + q,
                    heldOutRows.get(q)[0],
                    heldOutRows.get(q)[1],
                    heldOutIndices.get(q)[0],
                    heldOutIndices.get(q)[1]));
        }
        return new SyntheticTriplets(train, new HeldOutSet(catalogue, queries));
    }

    private static float[] feature(SplittableRandom random, int featureDim) {
        float[] feature = new float[featureDim];
        double norm = 0;
        for (int d = 0; d < featureDim; d++) {
            feature[d] = (float) random.nextGaussian();
            norm += feature[d] * feature[d];
        }
        float scale = (float) (NORM / Math.sqrt(norm));
        for (int d = 0; d < featureDim; d++) {
            feature[d] *= scale;
        }
        return feature;
    }
}
