package io.cirstream.core.image;

import java.util.Arrays;

/**
 * How an image becomes the encoder's input: CLIP4Cir's "targetpad" transform. Pad to an aspect ratio of at most
 * {@code targetPadRatio}, resize the short side to {@code inputSize} (PIL's antialiased bicubic), centre-crop
 * {@code inputSize}², scale to [0,1] and normalise per channel with {@code mean} and {@code std} (RGB order).
 */
public record PreprocessSpec(int inputSize, double targetPadRatio, float[] mean, float[] std) {

    /** CLIP4Cir's target-pad ratio. */
    public static final double CLIP4CIR_TARGET_PAD_RATIO = 1.25;

    /** CLIP's per-channel normalisation mean (RGB). */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

    /** CLIP's per-channel normalisation standard deviation (RGB). */
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public PreprocessSpec {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("inputSize must be > 0, got " + inputSize);
        }
        if (!(targetPadRatio >= 1.0)) {
            throw new IllegalArgumentException("targetPadRatio must be >= 1.0, got " + targetPadRatio);
        }
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new IllegalArgumentException("mean and std must have 3 values (RGB), got mean="
                    + Arrays.toString(mean) + " std=" + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0f)) {
                throw new IllegalArgumentException("std values must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** CLIP4Cir's preprocessing for an encoder of the given input size. */
    public static PreprocessSpec clip4cir(int inputSize) {
        return new PreprocessSpec(inputSize, CLIP4CIR_TARGET_PAD_RATIO, CLIP_MEAN, CLIP_STD);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessSpec p
                && p.inputSize == inputSize
                && Double.compare(p.targetPadRatio, targetPadRatio) == 0
                && Arrays.equals(p.mean, mean)
                && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(inputSize) + Double.hashCode(targetPadRatio))
                + Arrays.hashCode(mean)
                + 17 * Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PreprocessSpec[inputSize=" + inputSize + ", targetPadRatio=" + targetPadRatio + ", mean="
                + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
