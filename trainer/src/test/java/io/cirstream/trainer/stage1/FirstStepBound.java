package io.cirstream.trainer.stage1;

/**
 * How far a correct Java AdamW first step may land from PyTorch's, per weight, derived from the arithmetic (not
 * from a run's figures).
 *
 * <p>At step 1 AdamW's moments are m = (1−β1)·g and v = (1−β2)·g², so after the bias corrections the Adam part of the
 * update is exactly u(g) = lr·g / (|g| + ε), and w1 = w0·(1 − lr·wd) − u(g). The two sides compute the same graph in
 * float32 but may sum in different orders (AVX2, AVX-512, AMX kernels), so their gradients g_j and g_p differ in the
 * last bits — by an amount we do not need to bound: for g_j and g_p of the same sign,
 *
 * <pre>
 * |u(g_j) − u(g_p)| = lr·ε·| |g_j| − |g_p| | / ((|g_j| + ε)(|g_p| + ε)) ≤ lr·ε / (min(|g_j|, |g_p|) + ε)
 * </pre>
 *
 * whatever the difference (where |g| ≫ ε the update is lr·sign(g) on both sides). Rounding adds, per side, half an
 * ulp of w for the decay product and half an ulp of w1 for the final addition, plus a few relative roundings (≤ 8u,
 * u = 2^−24) inside the update itself: bound = lr·ε/(min|g| + ε) + 2·ulp(max |w|) + 8u·lr. Where the two gradients
 * have opposite signs (only possible where |g| is at rounding-noise level) the update can differ by up to 2·lr, and
 * the step is checked by its magnitude only: |w1 − w0| ≤ lr·(1 + wd·|w0|) + 2·ulp(max |w|), since |u(g)| &lt; lr for
 * every g.
 *
 * <p>A wrong variant breaks it: halving lr moves an entry with |g| ≫ ε by lr/2 ≫ 2·ulp(w) (|w| &lt; 1: ulp ≤ 1.2e−7,
 * lr/2 = 1e−6); BatchNorm in train mode changes the gradients, hence signs and updates of ±lr. Weight decay at the
 * published lr 2e−6 cannot be seen in float32 at all: 1 − lr·wd = 1 − 2e−8 rounds to 1.0f in PyTorch's own
 * {@code mul_}, so the decay is checked at lr 1e−3 (1 − 1e−5 is representable), exactly, where g = 0.
 */
final class FirstStepBound {

    /** float32's unit roundoff. */
    static final double UNIT_ROUNDOFF = 0x1p-24;

    private static final double ROUNDINGS_IN_UPDATE = 8;

    private FirstStepBound() {}

    /** The check of one parameter's sampled entries. */
    record Outcome(int entries, int compared, int tight, int signDisagreements, int violations, double maxDelta) {
        Outcome plus(Outcome o) {
            return new Outcome(
                    entries + o.entries,
                    compared + o.compared,
                    tight + o.tight,
                    signDisagreements + o.signDisagreements,
                    violations + o.violations,
                    Math.max(maxDelta, o.maxDelta));
        }

        static Outcome none() {
            return new Outcome(0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * Checks {@code after} (with the gradient {@code grad} it was stepped with) against PyTorch's sample.
     *
     * @param before the weights before the step
     * @param referenceGrad PyTorch's gradient
     * @param referenceAfter PyTorch's weights after the step
     */
    static Outcome check(
            float[] before,
            float[] referenceGrad,
            float[] referenceAfter,
            float[] grad,
            float[] after,
            AdamWSettings settings) {
        double lr = settings.learningRate();
        double eps = settings.eps();
        int compared = 0;
        int tight = 0;
        int disagreements = 0;
        int violations = 0;
        double maxDelta = 0;
        for (int i = 0; i < before.length; i++) {
            double w0 = before[i];
            double twoUlps = 2
                    * Math.ulp(
                            Math.max(Math.abs(before[i]), Math.max(Math.abs(referenceAfter[i]), Math.abs(after[i]))));
            double delta = Math.abs((double) after[i] - referenceAfter[i]);
            maxDelta = Math.max(maxDelta, delta);
            if (Math.signum(grad[i]) == Math.signum(referenceGrad[i])) {
                compared++;
                double smaller = Math.min(Math.abs(grad[i]), Math.abs(referenceGrad[i]));
                tight += smaller >= 100 * eps ? 1 : 0;
                double bound = lr * eps / (smaller + eps) + twoUlps + ROUNDINGS_IN_UPDATE * UNIT_ROUNDOFF * lr;
                violations += delta > bound ? 1 : 0;
            } else {
                disagreements++;
                double step = Math.abs((double) after[i] - w0);
                violations += step > lr * (1 + settings.weightDecay() * Math.abs(w0)) + twoUlps ? 1 : 0;
            }
        }
        return new Outcome(before.length, compared, tight, disagreements, violations, maxDelta);
    }
}
