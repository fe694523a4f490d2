package io.cirstream.standalone.study;

import java.util.Arrays;

/**
 * What the study measures on one bundle's {@link SplitFeatures}: cosine similarities of image–image pairs (every
 * pair of distinct index images), of each caption with its target (text–image), of each query with its target and
 * with every other index image, the modality gap (the distance between the mean normalised image and caption
 * features, Liang et al. 2022) and a 2-D PCA of the reference, caption, query and target features.
 */
record FeatureStatistics(
        double[] imageImage,
        double[] textImage,
        double[] queryTarget,
        double[] queryOther,
        double modalityGap,
        Pca2.Projection pca) {

    static FeatureStatistics of(SplitFeatures f) {
        int n = f.index().length;
        double[] imageImage = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                imageImage[k++] = Vectors.dot(f.index()[i], f.index()[j]);
            }
        }
        int m = f.queries().length;
        double[] textImage = new double[m];
        double[] queryTarget = new double[m];
        double[] queryOther = new double[m * n];
        int o = 0;
        for (int q = 0; q < m; q++) {
            textImage[q] = Vectors.dot(f.captions()[q], f.targets()[q]);
            queryTarget[q] = Vectors.dot(f.queries()[q], f.targets()[q]);
            for (float[] image : f.index()) {
                double cos = Vectors.dot(f.queries()[q], image);
                if (!Arrays.equals(image, f.targets()[q])) {
                    queryOther[o++] = cos;
                }
            }
        }
        double gap = Vectors.distance(Vectors.mean(f.index()), Vectors.mean(f.captions()));
        Pca2.Projection pca = Pca2.project(f.references(), f.captions(), f.queries(), f.targets());
        return new FeatureStatistics(imageImage, textImage, queryTarget, Arrays.copyOf(queryOther, o), gap, pca);
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    static double sd(double[] values) {
        double m = mean(values);
        return Math.sqrt(
                Arrays.stream(values).map(v -> (v - m) * (v - m)).average().orElse(Double.NaN));
    }
}
