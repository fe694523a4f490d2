package io.cirstream.core.image;

/**
 * PIL's antialiased bicubic filter taps for resampling one axis from {@code inSize} to {@code outSize} samples, as
 * Pillow's {@code Resample.c} computes them: the cubic convolution kernel with a = −0.5, stretched by the downscaling
 * factor (support 2·scale when shrinking, 2 when enlarging), centred on each output sample's centre, cut to the input,
 * normalised to sum 1, then rounded to fixed point with {@link #PRECISION_BITS} fraction bits for 8-bit images.
 * Every floating-point step is done in the same order as PIL's C code, so the integer taps come out identical.
 */
final class BicubicCoefficients {

    /** Fraction bits of the fixed-point taps: 32 bits less 8 for the sample and 2 for overshoot and sign. */
    static final int PRECISION_BITS = 32 - 8 - 2;

    /** The rounding offset added before shifting a fixed-point sum back to 8 bits. */
    static final int HALF = 1 << (PRECISION_BITS - 1);

    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;

    private final int ksize;
    private final int[] first;
    private final int[] count;
    private final double[] weights;
    private final int[] fixed;

    private BicubicCoefficients(int ksize, int[] first, int[] count, double[] weights) {
        this.ksize = ksize;
        this.first = first;
        this.count = count;
        this.weights = weights;
        this.fixed = new int[weights.length];
        double scale = 1 << PRECISION_BITS;
        for (int i = 0; i < weights.length; i++) {
            fixed[i] = (int) (weights[i] < 0 ? -0.5 + weights[i] * scale : 0.5 + weights[i] * scale);
        }
    }

    /** The taps for resampling {@code inSize} samples to {@code outSize}, over the whole input. */
    static BicubicCoefficients of(int inSize, int outSize) {
        if (inSize <= 0 || outSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive, got " + inSize + " -> " + outSize);
        }
        // PIL passes the box edges as floats: (float) inSize - 0f, exact for any size below 2^24
        double scale = (double) (float) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        double[] weights = new double[Math.multiplyExact(outSize, ksize)];
        double ss = 1.0 / filterScale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            int k = xx * ksize;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = filter((x + xmin - center + 0.5) * ss);
                weights[k + x] = w;
                ww += w;
            }
            if (ww != 0.0) {
                for (int x = 0; x < xmax; x++) {
                    weights[k + x] /= ww;
                }
            }
            first[xx] = xmin;
            count[xx] = Math.max(xmax, 0);
        }
        return new BicubicCoefficients(ksize, first, count, weights);
    }

    /** The cubic convolution kernel, a = −0.5, evaluated exactly as PIL writes it. */
    static double filter(double x) {
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * A;
        }
        return 0.0;
    }

    /** The first input sample output sample {@code out} reads. */
    int first(int out) {
        return first[out];
    }

    /** How many input samples output sample {@code out} reads. */
    int count(int out) {
        return count[out];
    }

    /** The end (exclusive) of the input samples output sample {@code out} reads. */
    int end(int out) {
        return first[out] + count[out];
    }

    /** Where output sample {@code out}'s taps start in {@link #fixed()} and {@link #weights()}. */
    int offset(int out) {
        return out * ksize;
    }

    /** The fixed-point taps, {@link #offset(int)} indexed; used for 8-bit images. */
    int[] fixed() {
        return fixed;
    }

    /** The normalised floating-point taps, {@link #offset(int)} indexed; used for 16-bit images. */
    double[] weights() {
        return weights;
    }

    /** Clips a fixed-point sum to an 8-bit sample, as PIL's {@code clip8} does. */
    static int clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
