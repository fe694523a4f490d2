package io.cirstream.core.image;

/** Sample differences between two byte arrays of the same length, as unsigned 8-bit values. */
final class Differences {

    private Differences() {}

    static int maxAbs(byte[] a, byte[] b) {
        check(a, b);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        }
        return max;
    }

    static double meanAbs(byte[] a, byte[] b) {
        check(a, b);
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) sum / a.length;
    }

    private static void check(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
    }
}
