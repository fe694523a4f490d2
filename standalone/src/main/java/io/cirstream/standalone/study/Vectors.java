package io.cirstream.standalone.study;

/** Small vector arithmetic on float rows for the study. */
final class Vectors {

    private Vectors() {}

    static float[] normalized(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.max(norm, 1e-12));
        }
        return out;
    }

    static float[] sum(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** The mean row. */
    static double[] mean(float[][] rows) {
        double[] m = new double[rows[0].length];
        for (float[] row : rows) {
            for (int i = 0; i < m.length; i++) {
                m[i] += row[i] / (double) rows.length;
            }
        }
        return m;
    }

    /** Euclidean distance between two mean vectors. */
    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
