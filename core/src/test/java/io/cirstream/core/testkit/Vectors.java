package io.cirstream.core.testkit;

/** Vector arithmetic the tests compare features with, in double precision. */
public final class Vectors {

    private Vectors() {}

    /** The cosine of the angle between {@code a} and {@code b}, accumulated in double. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
