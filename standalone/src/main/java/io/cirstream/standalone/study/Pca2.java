package io.cirstream.standalone.study;

/**
 * The first two principal components of several sets of feature rows together (centred on their joint mean; power
 * iteration with deflation on the covariance), and each set projected on them.
 */
final class Pca2 {

    private static final int ITERATIONS = 200;

    private Pca2() {}

    /**
     * The sets projected, in the order given, and the share of the variance the two components explain.
     *
     * @param points per set, [row][x, y]
     */
    record Projection(double[][][] points, double explained) {}

    static Projection project(float[][]... sets) {
        int d = sets[0][0].length;
        int total = 0;
        double[] mean = new double[d];
        for (float[][] set : sets) {
            for (float[] row : set) {
                for (int i = 0; i < d; i++) {
                    mean[i] += row[i];
                }
                total++;
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= total;
        }
        double[][] cov = new double[d][d];
        for (float[][] set : sets) {
            for (float[] row : set) {
                for (int i = 0; i < d; i++) {
                    double a = row[i] - mean[i];
                    for (int j = 0; j < d; j++) {
                        cov[i][j] += a * (row[j] - mean[j]) / total;
                    }
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += cov[i][i];
        }
        double[] first = component(cov);
        double firstValue = rayleigh(cov, first);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                cov[i][j] -= firstValue * first[i] * first[j];
            }
        }
        double[] second = component(cov);
        double secondValue = rayleigh(cov, second);
        double[][][] points = new double[sets.length][][];
        for (int s = 0; s < sets.length; s++) {
            points[s] = new double[sets[s].length][2];
            for (int r = 0; r < sets[s].length; r++) {
                for (int i = 0; i < d; i++) {
                    double centred = sets[s][r][i] - mean[i];
                    points[s][r][0] += centred * first[i];
                    points[s][r][1] += centred * second[i];
                }
            }
        }
        return new Projection(points, trace > 0 ? (firstValue + secondValue) / trace : 0);
    }

    private static double[] component(double[][] cov) {
        int d = cov.length;
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = 1.0 / Math.sqrt(d) * (1 + 0.01 * i); // deterministic start, not orthogonal to a component
        }
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] next = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    next[i] += cov[i][j] * v[j];
                }
            }
            double norm =
                    Math.sqrt(java.util.Arrays.stream(next).map(x -> x * x).sum());
            if (norm == 0) {
                return v;
            }
            for (int i = 0; i < d; i++) {
                v[i] = next[i] / norm;
            }
        }
        return v;
    }

    private static double rayleigh(double[][] cov, double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                s += v[i] * cov[i][j] * v[j];
            }
        }
        return s;
    }
}
