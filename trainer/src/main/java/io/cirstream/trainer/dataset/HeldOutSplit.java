package io.cirstream.trainer.dataset;

import io.cirstream.trainer.log.Triplet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits triplets into training and held-out sets by a stable hash of the triplet id: the first 53 bits of
 * SHA-256(id) as a number in [0, 1), held out when below the fraction. The same id always lands on the same side, on
 * every machine and in every run, so a held-out triplet never leaks into training as the log grows; growing the
 * fraction only moves triplets from training to held-out.
 *
 * @param heldOutFraction the share of triplets held out, in [0, 1)
 */
public record HeldOutSplit(double heldOutFraction) {

    private static final int MANTISSA_BITS = 53;
    private static final double UNIT = 0x1.0p-53;

    public HeldOutSplit {
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in [0, 1), got " + heldOutFraction);
        }
    }

    /** The triplets, split. */
    public Split split(List<Triplet> triplets) {
        List<Triplet> training = new ArrayList<>();
        List<Triplet> heldOut = new ArrayList<>();
        for (Triplet triplet : triplets) {
            (isHeldOut(triplet.id()) ? heldOut : training).add(triplet);
        }
        return new Split(List.copyOf(training), List.copyOf(heldOut));
    }

    /** Whether this triplet id is held out. */
    public boolean isHeldOut(String tripletId) {
        return position(tripletId) < heldOutFraction;
    }

    /** Where an id falls in [0, 1). */
    static double position(String tripletId) {
        byte[] digest = sha256().digest(tripletId.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(digest).getLong() >>> (Long.SIZE - MANTISSA_BITS);
        return bits * UNIT;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Triplets on each side of the split.
     *
     * @param training the triplets to train on
     * @param heldOut the triplets to evaluate on
     */
    public record Split(List<Triplet> training, List<Triplet> heldOut) {}
}
